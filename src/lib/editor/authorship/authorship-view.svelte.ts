/**
 * "Qui a écrit quoi" while it is shown: reads the Yjs items of the body a moment after changes
 * stop (never while hidden), turns them into author ranges with the owners the server recorded,
 * and gives the editor decorations, the legend, the authors per paragraph and the author at the
 * cursor. Nothing is written to the document. Loaded with the legend, only when first asked for.
 */
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import { m } from '$lib/paraglide/messages';
import {
	authorRanges,
	authorsPerBlock,
	clientRanges,
	unknownClients,
	type AuthorRange
} from './ranges';
import { authorAt, authorDecorations, authorshipKey, authorshipPlugin } from './plugin';
import { fetchOwners, type Owners } from './owners';
import { RESTORED_FIELD } from './restored';
import { AuthorStyles, ClientAsks, legendOf, noOwners, type LegendEntry } from './legend';

export type { LegendEntry } from './legend';

export interface BlockAuthors {
	label: string;
	names: string[];
}

/** Quiet time after a change before the text is read again. */
const DEBOUNCE_MS = 250;
/** A client id the server had not recorded yet is asked about this many times at most. */
const MAX_ASKS = 2;
const ASK_AGAIN_MS = 1_000;
const LABEL_LENGTH = 60;

export class AuthorshipView {
	status = $state<'loading' | 'ready' | 'error'>('loading');
	legend = $state.raw<LegendEntry[]>([]);
	blocks = $state.raw<BlockAuthors[]>([]);
	/** Name of the author of the text at the cursor, or null. */
	atCursor = $state<string | null>(null);

	#owners: Owners = noOwners();
	#asks = new ClientAsks(MAX_ASKS);
	#styles = new AuthorStyles();
	#timer: ReturnType<typeof setTimeout> | null = null;
	#askTimer: ReturnType<typeof setTimeout> | null = null;
	#stopped = false;

	constructor(
		private readonly editor: Editor,
		private readonly body: Y.XmlFragment,
		private readonly documentId: string
	) {}

	start(): void {
		this.editor.registerPlugin(authorshipPlugin());
		this.body.observeDeep(this.#onChange);
		this.#restored()?.observe(this.#onChange);
		this.editor.on('selectionUpdate', this.#onSelection);
		void this.loadOwners();
	}

	stop(): void {
		this.#stopped = true;
		this.body.unobserveDeep(this.#onChange);
		this.#restored()?.unobserve(this.#onChange);
		this.editor.off('selectionUpdate', this.#onSelection);
		if (this.#timer) clearTimeout(this.#timer);
		if (this.#askTimer) clearTimeout(this.#askTimer);
		if (!this.editor.isDestroyed) this.editor.unregisterPlugin(authorshipKey);
	}

	async loadOwners(): Promise<void> {
		try {
			this.#owners = await fetchOwners(this.documentId, fetch);
			if (this.#stopped) return;
			this.status = 'ready';
			this.recompute();
		} catch {
			if (!this.#stopped && this.status === 'loading') this.status = 'error';
		}
	}

	retry(): void {
		this.status = 'loading';
		void this.loadOwners();
	}

	nameOf(author: string | null): string {
		if (author === null) return m.authors_unknown();
		return this.#owners.names.get(author) || m.authors_unknown();
	}

	/** Who restored text belongs to (written after an undo, in its own transaction). */
	#restored(): Y.Map<unknown> | undefined {
		return this.body.doc?.getMap<unknown>(RESTORED_FIELD);
	}

	#styleIndex(author: string | null): number | null {
		return this.#styles.indexOf(author);
	}

	readonly #onChange = (): void => {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.recompute(), DEBOUNCE_MS);
	};

	readonly #onSelection = (): void => {
		const author = authorAt(this.editor.state, this.editor.state.selection.from);
		this.atCursor = author === undefined ? null : this.nameOf(author);
	};

	recompute(): void {
		this.#timer = null;
		if (this.#stopped || this.status !== 'ready' || this.editor.isDestroyed) return;
		const schema = this.editor.schema;
		const { ranges, size } = clientRanges(this.body, (name) => schema.nodes[name]?.isLeaf ?? false);
		const doc = this.editor.state.doc;
		// The editor has not caught up with the shared text yet: read again a moment later.
		if (size !== doc.content.size) {
			this.#onChange();
			return;
		}
		const authors = authorRanges(ranges, this.#owners.byClient);
		const set = authorDecorations(
			doc,
			authors,
			(author) => ({ index: this.#styleIndex(author), name: this.nameOf(author) }),
			(name) => m.authors_written_by({ name })
		);
		this.editor.view.dispatch(
			this.editor.state.tr.setMeta(authorshipKey, set).setMeta('addToHistory', false)
		);
		this.legend = this.#legendOf(authors);
		this.blocks = this.#blocksOf(authors);
		this.#onSelection();
		this.#askAboutUnknown(unknownClients(ranges, this.#owners.byClient));
	}

	#legendOf(ranges: readonly AuthorRange[]): LegendEntry[] {
		return legendOf(ranges, (author) => this.nameOf(author), this.#styles);
	}

	#blocksOf(ranges: readonly AuthorRange[]): BlockAuthors[] {
		const doc = this.editor.state.doc;
		const spans: { from: number; to: number; label: string }[] = [];
		doc.forEach((node, offset) => {
			const text = node.textContent.trim();
			const label =
				text.length > LABEL_LENGTH
					? `${text.slice(0, LABEL_LENGTH - 1)}…`
					: text || m.authors_block_untitled();
			spans.push({ from: offset, to: offset + node.nodeSize, label });
		});
		const perBlock = authorsPerBlock(ranges, spans);
		return spans
			.map((span, i) => ({ label: span.label, names: perBlock[i]!.map((a) => this.nameOf(a)) }))
			.filter((block) => block.names.length > 0);
	}

	/** Someone new typed: the server has recorded their client id by now (or very soon). */
	#askAboutUnknown(unknown: Set<number>): void {
		const worth = this.#asks.worthAsking(unknown);
		if (worth.length === 0 || this.#askTimer) return;
		this.#askTimer = setTimeout(() => {
			this.#askTimer = null;
			this.#asks.recordAsked(worth);
			void this.loadOwners();
		}, ASK_AGAIN_MS);
	}
}
