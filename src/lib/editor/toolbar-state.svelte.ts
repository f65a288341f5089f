/** What the toolbar shows for the current selection; refreshed on every editor transaction. */
import type { Editor } from '@tiptap/core';
import { HEADING_LEVELS, type HeadingLevel } from './extensions';

export class ToolbarState {
	bold = $state(false);
	italic = $state(false);
	heading = $state<HeadingLevel | null>(null);
	bulletList = $state(false);
	orderedList = $state(false);
	link = $state(false);
	inTable = $state(false);
	canAddRow = $state(false);
	canDeleteRow = $state(false);
	canAddColumn = $state(false);
	canDeleteColumn = $state(false);

	update(editor: Editor): void {
		this.bold = editor.isActive('bold');
		this.italic = editor.isActive('italic');
		this.heading = HEADING_LEVELS.find((level) => editor.isActive('heading', { level })) ?? null;
		this.bulletList = editor.isActive('bulletList');
		this.orderedList = editor.isActive('orderedList');
		this.link = editor.isActive('link');
		this.inTable = editor.isActive('table');
		const can = editor.can();
		this.canAddRow = can.addRowAfter();
		this.canDeleteRow = can.deleteRow();
		this.canAddColumn = can.addColumnAfter();
		this.canDeleteColumn = can.deleteColumn();
	}
}
