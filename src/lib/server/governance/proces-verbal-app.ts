/**
 * The procès-verbal as a file: the register entries (read by the caller with the user's own
 * client, so the `decisions` rule applies), French words from the messages, rendered by the
 * review's DOCX and PDF exporters (loaded only when asked for).
 */
import { orNullIfMissing } from '../pb-errors';
import type PocketBase from 'pocketbase';
import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/i18n/format';
import { territoryLabel } from '$lib/i18n/labels';
import {
	objectionStatusLabel,
	outcomeLabel,
	roundKindLabel
} from '$lib/components/governance/labels';
import type { ExportLabels } from '../export/model';
import { procesVerbal, type PvLabels } from './proces-verbal';
import type { RegisterEntry } from './register';

export type PvFormat = 'docx' | 'pdf';

export const PV_TYPES: Record<PvFormat, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
};

function pvLabels(): PvLabels {
	return {
		title: m.gov_pv_title(),
		kind: roundKindLabel,
		outcome: outcomeLabel,
		objectionStatus: objectionStatusLabel,
		date: m.gov_pv_date(),
		section: m.gov_csv_section(),
		source: m.gov_pv_source(),
		exactText: (version) => m.gov_pv_exact_text({ version }),
		hash: m.gov_pv_hash(),
		present: m.gov_csv_present(),
		absent: m.gov_pv_absent(),
		decidedAsync: m.decisions_register_async(),
		silent: m.decisions_pv_silent(),
		nobody: '—',
		concerns: m.gov_csv_concerns(),
		objections: m.gov_csv_objections(),
		integratedIn: (number) => m.gov_integrated_in({ number }),
		reviewDate: m.gov_csv_review(),
		elected: (name, start, end) => m.gov_elected_result({ name, start, end }),
		reason: m.gov_csv_reason(),
		empty: m.gov_register_empty()
	};
}

function titleLabels(): ExportLabels {
	return {
		experiment: m.export_experiment(),
		territory: m.export_territory(),
		version: m.gov_pv_subject(),
		date: m.gov_pv_export_date(),
		comments: '',
		suggestion: ''
	};
}

export async function procesVerbalFile(
	pb: PocketBase,
	experimentId: string,
	entries: RegisterEntry[],
	options: { format: PvFormat; subject: string; now: Date }
): Promise<Uint8Array> {
	const experiment = await pb
		.collection('experiments')
		.getOne(experimentId, { fields: 'id,title,territory_name,territory_type' });
	const sources = [...new Set(entries.map((e) => e.sourceDocument).filter(Boolean))];
	const titles = new Map<string, string>();
	for (const id of sources) {
		const doc = await orNullIfMissing(
			pb.collection('documents').getOne(id, { fields: 'id,title' })
		);
		if (doc) titles.set(id, String(doc.title));
	}
	const type = String(experiment.territory_type ?? '');
	const territory = [String(experiment.territory_name ?? ''), type ? territoryLabel(type) : '']
		.filter(Boolean)
		.join(' — ');
	const doc = procesVerbal(
		entries,
		{
			experiment: String(experiment.title),
			territory,
			subject: options.subject,
			exportDate: formatDate(options.now.toISOString(), 'fr', 'Europe/Paris'),
			formatDate: (iso) => formatDate(iso, 'fr', 'Europe/Paris'),
			documentTitle: (id) => titles.get(id)
		},
		pvLabels()
	);
	if (options.format === 'docx') return (await import('../export/docx')).toDocx(doc, titleLabels());
	return (await import('../export/pdf')).toPdf(doc, titleLabels(), 'fr');
}
