/**
 * An election started from the COPIL composition part writes its result there: on the elected
 * person's seat (the row whose name is theirs, else a new row) the role and the term, as the
 * seat's `role` and `term` attributes, through the collaboration path like any write-back
 * (write-back.ts), recorded in `decision_writebacks` with outcome `elected`. No SvelteKit imports.
 */
import * as Y from 'yjs';
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import type { Schema } from '@tiptap/pm/model';
import { sectionBlockLines } from '../../domain/proposal-section';
import { FIELD_NODE, PART_NODES } from '../../domain/structured-parts';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { anchoredBlock, isSectionAnchor } from '../../decisions/section-anchor';
import { SECTION_TEXT_OPTIONS } from '../../decisions/section-text';
import { EDITOR_FIELD, editorSchema } from '../../editor/extensions';
import { formatDate } from '../../i18n/format';
import type { DecisionWritebacksRecord, DecisionsRecord } from '../../pocketbase/types';
import { serverServices } from '../../../../server/services';
import { liveHub } from '../live/hub';
import { saveVersion } from '../review/versions';
import { publishRoundWriteback } from './document-decisions-topic';
import { sha256Hex } from './hash';
import type { RoundRecord } from './round-store';
import { writebackVersionNames, type WritebackDeps } from './write-back';

let schema: Schema | null = null;

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function fieldText(row: ProseMirrorJSON, name: string): string {
	const field = (row.content ?? []).find((f) => f.type === FIELD_NODE && f.attrs?.name === name);
	return (field?.content ?? []).map((t) => t.text ?? '').join('');
}

/** "mandat du 12 mars 2027 au 12 mars 2028" (French: the register's language). */
export function termText(termStart: string, termEnd: string): string {
	const day = (iso: string) => formatDate(iso, 'fr', 'UTC');
	return `mandat du ${day(termStart)} au ${day(termEnd)}`;
}

/**
 * The COPIL part with the elected person's seat carrying their role and term (their existing row,
 * matched by name, else a new row at the end).
 */
export function electedPart(
	part: ProseMirrorJSON,
	elected: { name: string; role: string; term: string }
): { part: ProseMirrorJSON; row: ProseMirrorJSON } {
	const rows = part.content ?? [];
	const wanted = clean(elected.name).toLocaleLowerCase('fr');
	const index = rows.findIndex(
		(row) => clean(fieldText(row, 'name')).toLocaleLowerCase('fr') === wanted
	);
	const attrs = { role: elected.role, term: elected.term };
	const row: ProseMirrorJSON =
		index >= 0
			? { ...rows[index]!, attrs: { ...rows[index]!.attrs, ...attrs } }
			: {
					type: PART_NODES.copil.row,
					attrs,
					content: ['name', 'organisation', 'college'].map((name) => ({
						type: FIELD_NODE,
						attrs: { name },
						content: name === 'name' ? [{ type: 'text', text: clean(elected.name) }] : []
					}))
				};
	const content = index >= 0 ? rows.map((r, i) => (i === index ? row : r)) : [...rows, row];
	return { part: { ...part, content }, row };
}

/** Writes an election's result into its COPIL part; null when it does not apply or cannot run now. */
export async function writeElection(
	deps: WritebackDeps,
	decision: DecisionsRecord,
	round: RoundRecord
): Promise<DecisionWritebacksRecord | null> {
	const anchor: unknown = round.source_anchor;
	if (decision.outcome !== 'elected' || !round.document || !isSectionAnchor(anchor)) return null;
	const documents = deps.documents ?? serverServices().liveDocuments;
	if (!documents) return null;
	const role = decision.title;
	const term = termText(decision.term_start, decision.term_end);
	const change = await documents.change(round.document, (ydoc) => {
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const block =
			anchoredBlock(fragment, anchor) ??
			(fragment
				.toArray()
				.find((b) => b instanceof Y.XmlElement && b.nodeName === PART_NODES.copil.block) as
				Y.XmlElement | undefined) ??
			null;
		if (!block || block.nodeName !== PART_NODES.copil.block) return null;
		const before = Y.encodeStateAsUpdate(ydoc);
		const editor = (schema ??= editorSchema());
		const { meta } = initProseMirrorDoc(fragment, editor);
		const node = meta.mapping.get(block);
		if (!node || Array.isArray(node)) return null;
		const { part, row } = electedPart(node.toJSON() as ProseMirrorJSON, {
			name: decision.elected_name,
			role,
			term
		});
		updateYFragment(ydoc, block, editor.nodeFromJSON(part), meta);
		const line =
			sectionBlockLines({ type: part.type, content: [row] }, SECTION_TEXT_OPTIONS)[0] ?? '';
		return { before, line };
	});
	if (!change.result) return null;
	const names = writebackVersionNames(decision.decided_at);
	const [versionBefore, versionAfter] = [
		await saveVersion(deps.admin, round.document, 'named', {
			name: names.before,
			state: change.result.before
		}),
		await saveVersion(deps.admin, round.document, 'named', {
			name: names.after,
			state: change.state
		})
	];
	const record = await deps.admin
		.collection('decision_writebacks')
		.create<DecisionWritebacksRecord>({
			experiment: decision.experiment,
			decision: decision.id,
			round: round.id,
			document: round.document,
			outcome: 'elected',
			text: change.result.line,
			hash: sha256Hex(change.result.line),
			state_vector: Buffer.from(change.stateVector).toString('base64'),
			version_before: versionBefore,
			version_after: versionAfter,
			by: ''
		});
	publishRoundWriteback(deps.hub ?? liveHub(), round.id, round.document);
	return record;
}
