/* global ValidationError */
// Experiment invariants for pb_hooks/workspace.pb.js: the status graph and field checks of
// src/lib/domain/experiment.ts, mirrored here (goja cannot import TypeScript);
// src/lib/domain/experiment-hook.test.ts fails if the two drift. Pure functions: no PocketBase
// globals, so Node can load this file too.

const TERRITORY_TYPES = [
	'region',
	'departement',
	'metropole',
	'intercommunalite',
	'commune',
	'village'
];
const ENJEUX = [
	'diversification',
	'massification',
	'engagement',
	'pouvoir_agir',
	'perennisation',
	'co_construction',
	'co_decision',
	'confiance'
];
const STATUS_NEXT = {
	idee: ['conception', 'archivee'],
	conception: ['en_cours', 'idee', 'archivee'],
	en_cours: ['evaluation', 'conception', 'archivee'],
	evaluation: ['terminee', 'en_cours', 'archivee'],
	terminee: ['evaluation', 'archivee'],
	archivee: ['terminee']
};
const TITLE_MAX = 200;
const SUMMARY_MAX = 2000;

const MESSAGES = {
	title_required: 'Le titre est obligatoire.',
	title_too_long: `Le titre dépasse ${TITLE_MAX} caractères.`,
	territory_name_required: 'Le nom du territoire est obligatoire.',
	territory_type_invalid: 'Type de territoire inconnu.',
	enjeux_required: 'Choisissez au moins un enjeu.',
	enjeu_invalid: 'Enjeu inconnu.',
	summary_too_long: `Le résumé dépasse ${SUMMARY_MAX} caractères.`,
	end_before_start: 'La date de fin précède la date de début.',
	status_change_invalid: 'Ce changement de statut n’est pas permis.',
	last_coordinator:
		'L’expérimentation doit garder au moins un·e coordinateur·rice : nommez-en un·e autre avant.'
};

function canChangeStatus(from, to) {
	return Array.isArray(STATUS_NEXT[from]) && STATUS_NEXT[from].indexOf(to) >= 0;
}

/**
 * Errors ({ field: code }) of an experiment's values. `present` lists the fields the request
 * sends: only those are checked one by one (a record created before a field existed stays
 * editable), while the dates are compared on the whole record. Field names are PocketBase's.
 */
function experimentErrors(values, present) {
	const errors = {};
	const has = (field) => present.indexOf(field) >= 0;
	if (has('title')) {
		const title = String(values.title || '').trim();
		if (title.length === 0) errors.title = 'title_required';
		else if (title.length > TITLE_MAX) errors.title = 'title_too_long';
	}
	if (has('territory_name') && String(values.territory_name || '').trim().length === 0)
		errors.territory_name = 'territory_name_required';
	if (has('territory_type') && TERRITORY_TYPES.indexOf(values.territory_type) < 0)
		errors.territory_type = 'territory_type_invalid';
	if (has('enjeux')) {
		const enjeux = values.enjeux || [];
		if (enjeux.length === 0) errors.enjeux = 'enjeux_required';
		else if (enjeux.some((e) => ENJEUX.indexOf(e) < 0)) errors.enjeux = 'enjeu_invalid';
	}
	if (has('summary') && String(values.summary || '').length > SUMMARY_MAX)
		errors.summary = 'summary_too_long';
	const start = String(values.start_date || '').slice(0, 10);
	const end = String(values.end_date || '').slice(0, 10);
	if (start !== '' && end !== '' && end < start) errors.end_date = 'end_before_start';
	return errors;
}

/** PocketBase's validation-error shape ({ field: { code, message } } in the response). */
function errorData(errors) {
	const data = {};
	for (const field of Object.keys(errors)) {
		// ValidationError is a goja global: errorData runs inside PocketBase only.
		data[field] = new ValidationError(errors[field], MESSAGES[errors[field]] || errors[field]);
	}
	return data;
}

// --- PocketBase-side helpers (called from handlers: goja globals exist only there) --------------

const SENT_FIELDS = [
	'title',
	'territory_name',
	'territory_type',
	'enjeux',
	'summary',
	'start_date',
	'end_date'
];

/** 400 with PocketBase's field-error shape if the request's experiment values are invalid. */
function checkExperimentRequest(e) {
	const body = e.requestInfo().body || {};
	const present = SENT_FIELDS.filter((field) => body[field] !== undefined);
	const record = e.record;
	const values = {
		title: record.getString('title'),
		territory_name: record.getString('territory_name'),
		territory_type: record.getString('territory_type'),
		enjeux: record.getStringSlice('enjeux'),
		summary: record.getString('summary'),
		start_date: record.getString('start_date'),
		end_date: record.getString('end_date')
	};
	const errors = experimentErrors(values, present);
	if (Object.keys(errors).length > 0) {
		throw new BadRequestError(
			'L’expérimentation contient des valeurs invalides.',
			errorData(errors)
		);
	}
}

function checkStatusChange(e) {
	const from = e.record.original().getString('status');
	const to = e.record.getString('status');
	if (from !== to && !canChangeStatus(from, to)) {
		throw new BadRequestError(`Changement de statut impossible : ${from} → ${to}.`, {
			status: errorData({ status: 'status_change_invalid' }).status
		});
	}
}

/**
 * Runs the last-coordinator check and the write in one transaction, so two coordinators demoting
 * each other at the same moment cannot both succeed (SQLite serialises write transactions).
 */
function guardLastCoordinator(e, losesCoordinator) {
	const original = e.app;
	original.runInTransaction((txApp) => {
		if (losesCoordinator) {
			const others = txApp.findRecordsByFilter(
				'memberships',
				"experiment = {:experiment} && role = 'coordinator' && id != {:id}",
				'',
				1,
				0,
				{ experiment: e.record.getString('experiment'), id: e.record.id }
			);
			if (others.length === 0) {
				throw new BadRequestError(MESSAGES.last_coordinator, {
					role: errorData({ role: 'last_coordinator' }).role
				});
			}
		}
		e.app = txApp;
		try {
			e.next();
		} finally {
			e.app = original;
		}
	});
}

module.exports = {
	checkExperimentRequest,
	checkStatusChange,
	guardLastCoordinator,
	TERRITORY_TYPES,
	ENJEUX,
	STATUS_NEXT,
	TITLE_MAX,
	SUMMARY_MAX,
	MESSAGES,
	canChangeStatus,
	experimentErrors,
	errorData
};
