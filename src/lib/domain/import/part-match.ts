/**
 * Which structured part a table is, from its column titles: "Poste | Montant (€) | Financeur"
 * is budget lines, "Phase | Date | Responsable" calendar milestones, and so on. A table becomes
 * rows only when its first field and at least one more are found and no column holding text
 * would be left out; else it stays a table. Pure.
 */
import { PART_FIELDS, type PartKind } from '../structured-parts';
import { ENJEUX, type Enjeu } from '../experiment';
import { containsPhrase, labelSimilarity } from './text-match';

/** The words of each field's column title (French and English). */
const FIELD_WORDS: Readonly<
	Partial<Record<PartKind, Readonly<Record<string, readonly string[]>>>>
> = {
	budget: {
		item: [
			'poste',
			'dépense',
			'libellé',
			'désignation',
			'objet',
			'nature',
			'ligne',
			'description',
			'item',
			'expense',
			'budget line'
		],
		amount: ['montant', 'coût', 'prix', 'somme', 'amount', 'cost', '€', 'euros', 'eur'],
		funder: [
			'financeur',
			'financement',
			'financé par',
			'source de financement',
			'payeur',
			'funder',
			'funding',
			'funded by'
		]
	},
	calendar: {
		phase: [
			'phase',
			'étape',
			'jalon',
			'activité',
			'action',
			'événement',
			'milestone',
			'step',
			'activity'
		],
		date: ['date', 'échéance', 'quand', 'période', 'when', 'deadline', 'due'],
		owner: ['responsable', 'pilote', 'qui', 'porteur', 'owner', 'who', 'lead']
	},
	indicators: {
		name: ['indicateur', 'critère', 'indicator'],
		baseline: [
			'valeur de départ',
			'départ',
			'initiale',
			'référence',
			'situation initiale',
			't0',
			'baseline',
			'initial value'
		],
		target: ['cible', 'valeur cible', 'objectif', 'attendu', 'target'],
		source: ['source', 'outil de collecte', 'collecte', 'vérification', 'data source']
	},
	enjeux: {
		enjeu: ['enjeu', 'challenge', 'défi'],
		why: ['pourquoi', 'justification', 'raison', 'motivation', 'why']
	},
	copil: {
		name: ['nom', 'membre', 'prénom', 'name', 'member'],
		organisation: ['structure', 'organisation', 'organisme', 'institution', 'organization'],
		college: ['collège', 'qualité', 'rôle', 'fonction', 'catégorie', 'college', 'role']
	}
};

/** Kinds a table can become. */
export const TABLE_PART_KINDS = [
	'budget',
	'calendar',
	'indicators',
	'copil',
	'enjeux'
] as const satisfies readonly PartKind[];

/** The columns a part's table has: its text fields, and the enjeu choice first for enjeux. */
export function tableFields(kind: PartKind): readonly string[] {
	return kind === 'enjeux' ? ['enjeu', ...PART_FIELDS.enjeux] : PART_FIELDS[kind];
}

/** Names of the 8 enjeux as people write them (French and English labels). */
const ENJEU_NAMES: Readonly<Record<Enjeu, readonly string[]>> = {
	diversification: ['Diversification'],
	massification: ['Massification', 'Scaling up participation'],
	engagement: ['Engagement'],
	pouvoir_agir: ['Pouvoir d’agir', 'Empowerment'],
	perennisation: ['Pérennisation', 'Sustainability'],
	co_construction: ['Co-construction'],
	co_decision: ['Co-décision', 'Co-decision'],
	confiance: ['Confiance', 'Trust']
};

/** The enjeu a cell names, or null. */
export function matchEnjeu(text: string): Enjeu | null {
	let best: { enjeu: Enjeu; score: number } | null = null;
	for (const enjeu of ENJEUX) {
		const score = Math.max(...ENJEU_NAMES[enjeu].map((name) => labelSimilarity(text, name)));
		if (score >= 0.9 && (!best || score > best.score)) best = { enjeu, score };
	}
	return best?.enjeu ?? null;
}

export interface PartTableMatch {
	kind: PartKind;
	/** For each column of the part (`tableFields` order), its column index or -1. */
	columns: number[];
}

/** The fields a column title could name in `kind`. */
function fieldsOf(kind: PartKind, title: string): string[] {
	const words = FIELD_WORDS[kind];
	if (!words) return [];
	return tableFields(kind).filter((field) =>
		(words[field] ?? []).some((phrase) => containsPhrase(title, phrase))
	);
}

/**
 * The part a table's rows fit, given its header cells and body rows (texts). `allowed` limits the
 * kinds (the parts the target has); `prefer` breaks ties (the part of the table's section).
 */
export function matchPartTable(
	header: readonly string[],
	rows: readonly (readonly string[])[],
	allowed: readonly PartKind[],
	prefer: PartKind | null = null
): PartTableMatch | null {
	let best: (PartTableMatch & { score: number }) | null = null;
	for (const kind of allowed) {
		const fields = tableFields(kind);
		const columns = fields.map(() => -1);
		// Unambiguous titles first ("Enjeu"), then the others take what is left ("Pourquoi cet enjeu").
		const candidates = header.map((title) => fieldsOf(kind, title));
		for (const pass of [1, Infinity]) {
			candidates.forEach((options, column) => {
				if (options.length === 0 || options.length > pass || columns.includes(column)) return;
				const free = options.find((field) => columns[fields.indexOf(field)] === -1);
				if (free) columns[fields.indexOf(free)] = column;
			});
		}
		const found = columns.filter((c) => c !== -1).length;
		if (columns[0] === -1 || found < 2) continue;
		// A column with text that no field takes would be lost: keep the table then.
		const used = new Set(columns);
		const lost = header.some(
			(_, column) => !used.has(column) && rows.some((row) => (row[column] ?? '').trim() !== '')
		);
		if (lost) continue;
		const score = found / fields.length + (kind === prefer ? 0.01 : 0);
		if (best === null || score > best.score) best = { kind, columns, score };
	}
	return best ? { kind: best.kind, columns: best.columns } : null;
}

/** A row that only states a total (the part computes its own). */
export function isTotalRow(cells: readonly string[]): boolean {
	const first = cells.find((cell) => cell.trim() !== '') ?? '';
	return /^\s*(sous[- ]?)?total\b/i.test(first) || /^\s*(sub)?total\b/i.test(first);
}
