/**
 * Convergence fuzz through the real collaboration server and the real editor schema: N y-websocket
 * clients edit the document's Y.XmlFragment with random schema-valid edits while randomly dropping
 * and restoring their connection, then must converge to one ProseMirror document that the schema
 * accepts, equal to what a fresh client loads from the server.
 *
 * How edits stay schema-valid: each edit is a ProseMirror transaction on the client's current
 * document (read from its fragment with y-tiptap's `initProseMirrorDoc`), checked against the
 * schema, then written into the fragment with `updateYFragment` and the binding metadata from that
 * read — the very path the editor's sync plugin takes for every local transaction. So the Yjs
 * operations are exactly those a browser would send, and only concurrent merges (the thing under
 * test) can produce a structure the schema rejects.
 */
import * as Y from 'yjs';
import type { Schema } from '@tiptap/pm/model';
import {
	initProseMirrorDoc,
	prosemirrorJSONToYXmlFragment,
	updateYFragment,
	yXmlFragmentToProseMirrorRootNode
} from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../../src/lib/editor/extensions';
import { within } from '../../../server/testing/within';
import { connectCollabClient, type CollabClient } from '../../support/collab-client';
import { EditorState } from '@tiptap/pm/state';
import { CloseCode } from '../../../src/lib/collab/protocol';
import { trackTransaction, type SuggestionAuthor } from '../../../src/lib/editor/suggestions/track';
import { resolveChanges, trackedChanges } from '../../../src/lib/editor/suggestions/changes';
import { fuzzInitialDocument, randomEdit, type EditKind } from './schema-edits';
import { sleep, waitUntil, type Rng } from './rng';

export interface ConvergenceOptions {
	wsUrl: string;
	documentId: string;
	/** One session token per client (N = tokens.length). */
	tokens: string[];
	/**
	 * Clients in suggestion mode (comment-role members: the server accepts only their own
	 * suggestions). With them, the other clients also accept or reject pending changes.
	 */
	suggesters?: { token: string; author: SuggestionAuthor }[];
	/** Token of the fresh reader that checks the stored document. */
	readerToken: string;
	rng: Rng;
	/** Edits in total, spread over the clients. */
	edits: number;
	convergeTimeoutMs?: number;
}

export interface ConvergenceReport {
	seed: number;
	clients: number;
	editsApplied: number;
	editsSkipped: number;
	byKind: Partial<Record<EditKind, number>>;
	reconnects: number;
	/** Times reading a client's fragment changed it (y-tiptap dropping or merging Yjs nodes). */
	readRepairs: number;
	/** What those reads removed (`name(n children)`, or `text`), first 20. */
	repairedNodes: string[];
	convergeMs: number;
	topLevelNodes: number;
	/** Tracked edits by suggestion-mode clients, and accept/reject by the others. */
	suggestions: number;
	resolutions: number;
	/**
	 * Suggestion sockets the server closed (suggestion_refused): a suggester withdrawing their own
	 * insertion while an editor accepted it. The browser then reloads from the server; so here.
	 */
	refusedReloads: number;
}

/** The fragment as a ProseMirror document, read on a copy so reading never changes the client. */
export function documentJSON(doc: Y.Doc, schema: Schema): { json: unknown; removed: string[] } {
	const copy = new Y.Doc();
	try {
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		const fragment = copy.getXmlFragment(EDITOR_FIELD);
		const removed = watchRemovals(fragment);
		const root = yXmlFragmentToProseMirrorRootNode(fragment, schema);
		root.check();
		return { json: root.toJSON(), removed: removed.stop() };
	} finally {
		copy.destroy();
	}
}

/** Names of the Yjs nodes deleted under `fragment` until stop() (y-tiptap's read-time repairs). */
function watchRemovals(fragment: Y.XmlFragment): { stop(): string[] } {
	const removed: string[] = [];
	const observer = (events: Y.YEvent<Y.XmlElement | Y.XmlText>[]) => {
		for (const event of events) {
			for (const item of event.changes.deleted) {
				const content = item.content;
				removed.push(
					content instanceof Y.ContentType && content.type instanceof Y.XmlElement
						? `${content.type.nodeName}(${content.type.length} children)`
						: 'text'
				);
			}
		}
	};
	fragment.observeDeep(observer);
	return {
		stop() {
			fragment.unobserveDeep(observer);
			return removed;
		}
	};
}

function noteRepairs(report: ConvergenceReport, removed: string[]): void {
	if (removed.length === 0) return;
	report.readRepairs++;
	report.repairedNodes.push(...removed.slice(0, 20 - report.repairedNodes.length));
}

function stateVector(doc: Y.Doc): string {
	return JSON.stringify(
		[...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)
	);
}

export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceReport> {
	const { rng } = options;
	const schema = editorSchema();
	const timeout = options.convergeTimeoutMs ?? 20_000;
	const connect = (token: string) =>
		connectCollabClient({ wsUrl: options.wsUrl, documentId: options.documentId, token });
	const suggesters = options.suggesters ?? [];
	const clients: CollabClient[] = [
		...options.tokens.map(connect),
		...suggesters.map((s) => connect(s.token))
	];
	/** The author of each client in suggestion mode, null for editors. */
	const authors: (SuggestionAuthor | null)[] = [
		...options.tokens.map(() => null),
		...suggesters.map((s) => s.author)
	];
	const reloadRefused = () => {
		clients.forEach((client, index) => {
			if (!client.closeCodes.includes(CloseCode.SuggestionRefused)) return;
			client.destroy();
			clients[index] = connect(suggesters[index - options.tokens.length]!.token);
			report.refusedReloads++;
		});
	};
	const report: ConvergenceReport = {
		seed: rng.seed,
		clients: clients.length,
		editsApplied: 0,
		editsSkipped: 0,
		byKind: {},
		reconnects: 0,
		readRepairs: 0,
		repairedNodes: [],
		convergeMs: 0,
		topLevelNodes: 0,
		suggestions: 0,
		resolutions: 0,
		refusedReloads: 0
	};
	try {
		await within(Promise.all(clients.map((c) => c.synced())), timeout, 'every client to sync');
		// The first client writes the initial document (a new document starts empty).
		const first = clients[0]!;
		first.doc.transact(() =>
			prosemirrorJSONToYXmlFragment(
				schema,
				fuzzInitialDocument(),
				first.doc.getXmlFragment(EDITOR_FIELD)
			)
		);
		await within(first.save(), timeout, 'the initial document to be stored');
		await waitUntil(
			() => clients.every((c) => c.doc.getXmlFragment(EDITOR_FIELD).length > 0),
			timeout,
			'every client to receive the initial document'
		);

		for (let i = 0; i < options.edits; i++) {
			reloadRefused();
			const index = rng.int(0, clients.length - 1);
			const client = clients[index]!;
			const author = authors[index] ?? null;
			if (rng.chance(0.04)) {
				// Drop or restore the connection; edits go on locally while it is down.
				if (client.provider.shouldConnect) client.provider.disconnect();
				else {
					client.provider.connect();
					report.reconnects++;
				}
			}
			const fragment = client.doc.getXmlFragment(EDITOR_FIELD);
			if (fragment.length === 0) {
				// A reloaded client that has not received the document yet.
				report.editsSkipped++;
				continue;
			}
			// Like an editor loading the document: y-tiptap deletes Yjs nodes the schema rejects.
			const removals = watchRemovals(fragment);
			const { doc, meta } = initProseMirrorDoc(fragment, schema);
			noteRepairs(report, removals.stop());
			if (!author && suggesters.length > 0 && rng.chance(0.15)) {
				const pending = trackedChanges(doc);
				const state = EditorState.create({ schema, doc });
				const chosen = pending.length > 0 ? rng.pick(pending) : null;
				const tr = chosen
					? resolveChanges(state, (c) => c.id === chosen.id, rng.chance(0.5) ? 'accept' : 'reject')
					: null;
				if (tr) {
					client.doc.transact(() => updateYFragment(client.doc, fragment, tr.doc, meta));
					report.resolutions++;
					continue;
				}
			}
			const edit = randomEdit(
				rng,
				schema,
				doc,
				author
					? (tr, state) =>
							trackTransaction(tr, state, {
								author,
								now: i,
								newId: () => `${author.id}-${i}`
							})
					: undefined
			);
			if (!edit) {
				report.editsSkipped++;
				continue;
			}
			client.doc.transact(() => updateYFragment(client.doc, fragment, edit.doc, meta));
			report.editsApplied++;
			if (author) report.suggestions++;
			report.byKind[edit.kind] = (report.byKind[edit.kind] ?? 0) + 1;
			// Let the network interleave: most edits race, some wait for a round trip.
			if (rng.chance(0.3)) await sleep(rng.int(0, 25));
		}

		for (const client of clients) {
			if (!client.provider.shouldConnect) {
				client.provider.connect();
				report.reconnects++;
			}
		}
		const started = Date.now();
		await waitUntil(
			() => {
				reloadRefused();
				const vectors = new Set(clients.map((c) => stateVector(c.doc)));
				return vectors.size === 1 && clients.every((c) => c.provider.synced);
			},
			timeout,
			`every client to reach the same state vector: ${clients.map((c) => stateVector(c.doc)).join(' | ')}`
		);
		report.convergeMs = Date.now() - started;
		// Every client's state is durable before the fresh reader loads it.
		for (const client of clients) await within(client.save(), timeout, 'a final Saved');

		const results = clients.map((c) => documentJSON(c.doc, schema));
		for (const result of results) noteRepairs(report, result.removed);
		const reference = JSON.stringify(results[0]!.json);
		results.forEach((result, index) => {
			if (JSON.stringify(result.json) !== reference)
				throw new Error(
					`client ${index} diverged:\n${JSON.stringify(result.json)}\nvs\n${reference}`
				);
		});
		report.topLevelNodes = (results[0]!.json as { content?: unknown[] }).content?.length ?? 0;

		const reader = connect(options.readerToken);
		try {
			await within(reader.synced(), timeout, 'the fresh reader to sync');
			const stored = documentJSON(reader.doc, schema);
			if (JSON.stringify(stored.json) !== reference)
				throw new Error(
					`stored document differs:\n${JSON.stringify(stored.json)}\nvs\n${reference}`
				);
			if (stateVector(reader.doc) !== stateVector(clients[0]!.doc))
				throw new Error("the stored state vector differs from the clients'");
		} finally {
			reader.destroy();
		}
		return report;
	} finally {
		for (const client of clients) client.destroy();
	}
}
