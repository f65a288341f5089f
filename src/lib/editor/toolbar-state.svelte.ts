/** What the toolbar shows for the current selection; refreshed on every editor transaction. */
import type { Editor } from '@tiptap/core';
import { HEADING_LEVELS, type HeadingLevel } from './extensions';

export class ToolbarState {
	bold = $state(false);
	italic = $state(false);
	underline = $state(false);
	strike = $state(false);
	heading = $state<HeadingLevel | null>(null);
	bulletList = $state(false);
	orderedList = $state(false);
	taskList = $state(false);
	blockquote = $state(false);
	link = $state(false);
	inTable = $state(false);
	/** Inside a structured part's field: text formatting does not apply there. */
	inField = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);
	canAddRow = $state(false);
	canDeleteRow = $state(false);
	canAddColumn = $state(false);
	canDeleteColumn = $state(false);

	update(editor: Editor): void {
		this.bold = editor.isActive('bold');
		this.italic = editor.isActive('italic');
		this.underline = editor.isActive('underline');
		this.strike = editor.isActive('strike');
		this.heading = HEADING_LEVELS.find((level) => editor.isActive('heading', { level })) ?? null;
		this.bulletList = editor.isActive('bulletList');
		this.orderedList = editor.isActive('orderedList');
		this.taskList = editor.isActive('taskList');
		this.blockquote = editor.isActive('blockquote');
		this.link = editor.isActive('link');
		this.inTable = editor.isActive('table');
		this.inField = editor.state.selection.$from.parent.type.name === 'partField';
		const can = editor.can();
		this.canUndo = can.undo?.() ?? false;
		this.canRedo = can.redo?.() ?? false;
		this.canAddRow = can.addRowAfter();
		this.canDeleteRow = can.deleteRow();
		this.canAddColumn = can.addColumnAfter();
		this.canDeleteColumn = can.deleteColumn();
	}
}
