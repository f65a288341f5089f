/**
 * The procès-verbal of the decision register (or of one decision) as the export block model of
 * src/lib/server/export/model.ts, so the review's DOCX and PDF renderers print it with their
 * title page. Pure: the words come in `PvLabels` (French, from the caller), dates are formatted by
 * the caller's function. The exact text is kept line by line and its SHA-256 printed in full.
 */
import type { ExportBlock, ExportDocument, Inline } from '../export/model';
import type { RegisterEntry } from './register';

export interface PvLabels {
	title: string;
	kind: (kind: string) => string;
	outcome: (outcome: string) => string;
	objectionStatus: (status: string) => string;
	date: string;
	section: string;
	source: string;
	exactText: (version: number) => string;
	hash: string;
	present: string;
	absent: string;
	/** "Décidée à distance…" and who stayed silent (asynchronous adoption). */
	decidedAsync: string;
	silent: string;
	nobody: string;
	concerns: string;
	objections: string;
	integratedIn: (version: number) => string;
	reviewDate: string;
	elected: (name: string, start: string, end: string) => string;
	reason: string;
	empty: string;
}

export interface PvMeta {
	experiment: string;
	territory: string;
	/** What the document covers (the register, or one decision's title). */
	subject: string;
	/** Date of export, already formatted. */
	exportDate: string;
	/** Formats an ISO date or date-time as a French date. */
	formatDate: (iso: string) => string;
	/** Title of a source document by id (when known). */
	documentTitle?: (id: string) => string | undefined;
}

const para = (...inlines: Inline[]): ExportBlock => ({ type: 'paragraph', inlines });
const labelled = (label: string, value: string): ExportBlock =>
	para({ text: `${label} : `, bold: true }, { text: value });

function entryBlocks(e: RegisterEntry, labels: PvLabels, meta: PvMeta): ExportBlock[] {
	const blocks: ExportBlock[] = [
		{ type: 'heading', level: 2, inlines: [{ text: e.title }] },
		para(
			{ text: `${labels.kind(e.kind)} — ${labels.outcome(e.outcome)}`, bold: true },
			{ text: ` — ${labels.date} : ${meta.formatDate(e.decidedAt)}` }
		)
	];
	if (e.section) blocks.push(labelled(labels.section, e.section));
	if (e.sourceDocument) {
		const title = meta.documentTitle?.(e.sourceDocument) ?? e.sourceDocument;
		blocks.push(labelled(labels.source, title));
	}
	if (e.electedName)
		blocks.push(
			para({
				text: labels.elected(
					e.electedName,
					e.termStart ? meta.formatDate(e.termStart) : '',
					e.termEnd ? meta.formatDate(e.termEnd) : ''
				),
				bold: true
			})
		);
	blocks.push({ type: 'heading', level: 3, inlines: [{ text: labels.exactText(e.version) }] });
	// One paragraph per line, so the text reads back exactly (no reflow of line breaks).
	blocks.push({
		type: 'quote',
		blocks: e.text.split('\n').map((line) => para({ text: line }))
	});
	blocks.push(labelled(labels.hash, e.hash));
	blocks.push(labelled(labels.present, e.present.map((p) => p.name).join(', ') || labels.nobody));
	if (e.absent.length > 0)
		blocks.push(labelled(labels.absent, e.absent.map((p) => p.name).join(', ')));
	if (e.mode === 'async') {
		blocks.push(para({ text: labels.decidedAsync }));
		if (e.silent.length > 0)
			blocks.push(labelled(labels.silent, e.silent.map((p) => p.name).join(', ')));
	}
	if (e.concerns.length > 0) {
		blocks.push(para({ text: labels.concerns, bold: true }));
		blocks.push({
			type: 'list',
			ordered: false,
			items: e.concerns.map((c) => [para({ text: `${c.author.name} : ${c.text}` })])
		});
	}
	if (e.objections.length > 0) {
		blocks.push(para({ text: labels.objections, bold: true }));
		blocks.push({
			type: 'list',
			ordered: false,
			items: e.objections.map((o) => {
				const how = [
					labels.objectionStatus(o.status),
					o.integratedIn ? labels.integratedIn(o.integratedIn) : '',
					o.testReason
				]
					.filter(Boolean)
					.join(' — ');
				return [para({ text: `${o.author.name} : ${o.text} (${how})` })];
			})
		});
	}
	if (e.reviewDate) blocks.push(labelled(labels.reviewDate, meta.formatDate(e.reviewDate)));
	if (e.reason) blocks.push(labelled(labels.reason, e.reason));
	return blocks;
}

export function procesVerbal(
	entries: readonly RegisterEntry[],
	meta: PvMeta,
	labels: PvLabels
): ExportDocument {
	const blocks =
		entries.length === 0
			? [para({ text: labels.empty })]
			: entries.flatMap((e, i) => [
					...(i > 0 ? [{ type: 'rule' } as ExportBlock] : []),
					...entryBlocks(e, labels, meta)
				]);
	return {
		title: labels.title,
		experiment: meta.experiment,
		territory: meta.territory,
		versionLabel: meta.subject,
		date: meta.exportDate,
		blocks,
		comments: null
	};
}
