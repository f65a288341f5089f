import { error, redirect } from '@sveltejs/kit';
import { isOverdue } from '$lib/domain/seances/follow-up';
import {
	instantToParis,
	moveItem as reorder,
	quorumOf,
	readAttendance
} from '$lib/domain/seances/seance';
import {
	agendaItem,
	agendaPicks,
	attendance,
	followUp,
	itemRef,
	itemRound,
	moveItem,
	runStep
} from '$lib/schemas/seances';
import { errorMessage } from '$lib/components/governance/labels';
import { itemTitle, suggestionTitle } from '$lib/components/seances/labels';
import { agendaEditRefusal } from '$lib/domain/seances/agenda-edit';
import { suggestsAgenda } from '$lib/domain/seances/agenda-suggest';
import { fieldErrorsOfGovernance, GovernanceError } from '$lib/server/governance/errors';
import { announceSeance } from '$lib/server/seances/live';
import { runSeance, startItemRound } from '$lib/server/seances/run';
import { itemsOf, roundsOf } from '$lib/server/seances/run-reads';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { fieldMessage } from '$lib/schemas/messages';
import { experimentMembers } from '$lib/server/members';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { adminPocketBase } from '$lib/server/pocketbase';
import { requireFacilitate, seanceAccess } from '$lib/server/seances/access';
import { agendaSuggestions } from '$lib/server/seances/suggestions';
import { invitedSeance, sendInvitations } from '$lib/server/seances/invitations';
import type { TypedPocketBase } from '$lib/pocketbase/types';
import { ensureSeanceNotes } from '$lib/server/seances/notes';
import { can, seanceNotesAccess } from '$lib/domain/access';
import { colorForUser } from '$server/collab/awareness-guard';
import { minutesForm } from '$lib/schemas/minutes';
import { generateMinutes } from '$lib/server/seances/minutes';
import { recordLabels } from '$lib/server/seances/record-labels';
import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

async function seanceOf(pb: TypedPocketBase, experimentId: string, seanceId: string) {
	const record = await orNullIfMissing(pb.collection('seances').getOne(seanceId));
	if (!record || record.experiment !== experimentId) error(404, { message: 'Not found' });
	return record;
}

const taken = (items: Awaited<ReturnType<typeof itemsOf>>) => ({
	rounds: items.map((i) => i.round).filter(Boolean),
	decisions: items.map((i) => i.decision).filter(Boolean),
	minutesOf: items.map((i) => i.minutes_of).filter(Boolean),
	actions: items.some((i) => i.kind === 'actions')
});

export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	const access = await seanceAccess(pb, params.id, locals.user!.id);
	const seance = await seanceOf(pb, params.id, params.seance);
	const admin = await adminPocketBase();
	const [items, members, actions] = await Promise.all([
		itemsOf(pb, seance.id),
		experimentMembers(admin, params.id),
		pb.collection('follow_ups').getFullList({
			filter: pb.filter('experiment = {:e}', { e: params.id }),
			sort: 'due_date'
		})
	]);
	const [rounds, notesDocument, minutesDocument] = await Promise.all([
		roundsOf(admin, params.id, items),
		ensureSeanceNotes(admin, seance),
		seance.minutes_document
			? orNullIfMissing(pb.collection('documents').getOne(seance.minutes_document))
			: null
	]);
	const present = readAttendance(seance.attendance);
	const today = instantToParis(new Date()).date;
	const names = new Map(members.map((mb) => [mb.id, mb.name]));
	const suggestions =
		access.canFacilitate && suggestsAgenda(seance.status)
			? await agendaSuggestions(admin, seance, taken(items))
			: [];
	return {
		experiment: access.experiment,
		canFacilitate: access.canFacilitate,
		/** The compte rendu is a document of the experiment: its editors generate it. */
		canWriteDocuments: can(access, 'edit'),
		seance: {
			id: seance.id,
			title: seance.title,
			startsAt: seance.starts_at,
			durationMinutes: seance.duration_minutes ?? 0,
			place: seance.place ?? '',
			visioUrl: seance.visio_url ?? '',
			status: seance.status,
			startedAt: seance.started_at ?? '',
			minutesDocument: minutesDocument?.id ?? '',
			closedAt: seance.closed_at ?? '',
			currentItem: seance.current_item ?? '',
			facilitator: names.get(seance.facilitator) ?? '',
			secretary: names.get(seance.secretary) ?? ''
		},
		items: items.map((i) => ({
			id: i.id,
			title: itemTitle(i),
			kind: i.kind,
			durationMinutes: i.duration_minutes ?? 0,
			round: i.round ?? '',
			roundState: i.round ? (rounds.get(i.round) ?? null) : null,
			decision: i.decision ?? '',
			minutesOf: i.minutes_of ?? '',
			startedAt: i.started_at ?? '',
			endedAt: i.ended_at ?? ''
		})),
		userId: locals.user!.id,
		notes: {
			documentId: notesDocument,
			access: seanceNotesAccess(
				access,
				[seance.facilitator, seance.secretary].includes(locals.user!.id)
			),
			identity: {
				id: locals.user!.id,
				name: locals.user!.name,
				color: colorForUser(locals.user!.id)
			}
		},
		suggestions,
		members: members.map((mb) => ({ ...mb, attendance: present[mb.id] ?? '' })),
		quorum: seance.quorum > 0 ? quorumOf(present, seance.quorum) : null,
		actions: actions
			.filter((a) => a.seance === seance.id)
			.map((a) => ({
				id: a.id,
				what: a.what,
				owner: names.get(a.owner) ?? '',
				dueDate: a.due_date ?? '',
				status: a.status,
				overdue: isOverdue({ status: a.status, dueDate: a.due_date ?? '' }, today)
			}))
	};
};

/** Facilitators only (a friendlier answer than PocketBase's 404 for readers). */
const runView = (s: { status: string; current_item?: string }) => ({
	status: s.status,
	currentItem: s.current_item ?? ''
});
const runItemView = (i: { id: string; started_at?: string }) => ({
	id: i.id,
	startedAt: i.started_at ?? ''
});

async function facilitating(locals: App.Locals, params: { id: string; seance: string }) {
	const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
	requireFacilitate(access);
	return seanceOf(locals.pb, params.id, params.seance);
}

export const actions: Actions = {
	minutes: async ({ request, locals, params }) => {
		const input = parseForm(minutesForm, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'minutes' });
		const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
		await seanceOf(locals.pb, params.id, params.seance);
		let result;
		try {
			result = await generateMinutes(await adminPocketBase(), {
				experimentId: params.id,
				seanceId: params.seance,
				userId: locals.user!.id,
				access,
				locale: getLocale() === 'en' ? 'en' : 'fr',
				labels: recordLabels(),
				replace: input.data.replace === '1'
			});
		} catch (e) {
			return writeFailure(e, { action: 'minutes' });
		}
		if (!result.ok) {
			const status = { forbidden: 403, not_closed: 409, exists: 409, unavailable: 503 }[
				result.error
			];
			const code =
				result.error === 'forbidden' || result.error === 'unavailable'
					? result.error
					: `minutes_${result.error}`;
			return formError(status, code, { action: 'minutes' });
		}
		return { action: 'minutes', minutes: result.documentId, replaced: result.replaced };
	},
	// A planned séance is cancelled (never deleted: its invitees get a cancellation, the feed too).
	cancel: async ({ locals, params, url }) => {
		const seance = await facilitating(locals, params);
		if (seance.status !== 'planned')
			return formError(409, 'followup_error_cancel_not_planned', { action: 'cancel' });
		try {
			await locals.pb.collection('seances').update(seance.id, { status: 'cancelled' });
		} catch (e) {
			return writeFailure(e, { action: 'cancel' });
		}
		await sendInvitations(await adminPocketBase(), {
			seanceId: seance.id,
			before: invitedSeance(seance),
			actorId: locals.user!.id,
			origin: url.origin
		});
		announceSeance(seance.id);
		return { action: 'cancel', done: true };
	},
	run: async ({ request, locals, params }) => {
		const input = parseForm(runStep, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'run' });
		const seance = await facilitating(locals, params);
		const items = await itemsOf(locals.pb, seance.id);
		try {
			const result = await runSeance(
				locals.pb,
				seance,
				items,
				input.data.command,
				input.data.from,
				new Date()
			);
			if (!result.ok) return formError(409, `seances_run_${result.error}`, { action: 'run' });
		} catch (e) {
			return writeFailure(e, { action: 'run' });
		}
		return { action: 'run', done: input.data.command };
	},
	itemRound: async ({ request, locals, params }) => {
		const input = parseForm(itemRound, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'itemRound', values: input.values });
		const seance = await facilitating(locals, params);
		const items = await itemsOf(locals.pb, seance.id);
		const item = items.find((i) => i.id === input.data.item);
		if (!item) return formError(404, 'not_found', { action: 'itemRound' });
		if (item.round) return formError(409, 'seances_round_exists', { action: 'itemRound' });
		if (seance.status !== 'running')
			return formError(409, 'seances_run_not_running', { action: 'itemRound' });
		let roundId: string;
		try {
			roundId = await startItemRound(locals.pb, seance, item, {
				userId: locals.user!.id,
				text: input.data.text,
				proposer: input.data.proposer
			});
		} catch (e) {
			if (e instanceof GovernanceError) {
				const fields = fieldErrorsOfGovernance(e, errorMessage);
				if (fields)
					return formFailure(fields, { action: 'itemRound', values: input.data, status: e.status });
				return formError(e.status, e.code, { action: 'itemRound', values: input.data });
			}
			return writeFailure(e, { action: 'itemRound', values: input.data });
		}
		redirect(303, `/rounds/${roundId}`);
	},
	addItem: async ({ request, locals, params }) => {
		const input = parseForm(agendaItem, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'addItem', values: input.values });
		const seance = await facilitating(locals, params);
		const items = await itemsOf(locals.pb, seance.id);
		try {
			await locals.pb.collection('seance_items').create({
				seance: seance.id,
				position: items.length,
				title: input.data.title,
				duration_minutes: input.data.durationMinutes,
				kind: input.data.kind
			});
		} catch (e) {
			return writeFailure(e, {
				schema: agendaItem,
				collection: 'seance_items',
				values: input.data,
				action: 'addItem'
			});
		}
		announceSeance(seance.id);
		return { action: 'addItem', done: true };
	},
	addSuggested: async ({ request, locals, params }) => {
		const input = parseForm(agendaPicks, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'addSuggested' });
		const seance = await facilitating(locals, params);
		const items = await itemsOf(locals.pb, seance.id);
		const suggestions = await agendaSuggestions(await adminPocketBase(), seance, taken(items));
		const picked = suggestions.filter((s) => {
			const linked = s.link.round ?? s.link.decision ?? s.link.minutesOf;
			return linked ? input.data.picks.includes(linked) : input.data.overdue;
		});
		if (picked.length === 0)
			return formError(400, 'seances_nothing_picked', { action: 'addSuggested' });
		const batch = locals.pb.createBatch();
		picked.forEach((s, i) =>
			batch.collection('seance_items').create({
				seance: seance.id,
				position: items.length + i,
				title: suggestionTitle(s).slice(0, 300),
				// Shown in each reader's language (item-title.ts).
				title_reason: s.reason,
				title_subject: s.subject.slice(0, 2000),
				title_count: s.count ?? 0,
				duration_minutes: s.durationMinutes,
				kind: s.kind,
				round: s.link.round ?? '',
				decision: s.link.decision ?? '',
				minutes_of: s.link.minutesOf ?? ''
			})
		);
		try {
			await batch.send();
		} catch (e) {
			return writeFailure(e, { action: 'addSuggested' });
		}
		announceSeance(seance.id);
		return { action: 'addSuggested', done: true };
	},
	moveItem: async ({ request, locals, params }) => {
		const input = parseForm(moveItem, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'moveItem' });
		const seance = await facilitating(locals, params);
		const items = await itemsOf(locals.pb, seance.id);
		const index = items.findIndex((i) => i.id === input.data.item);
		if (index < 0) return formError(404, 'not_found', { action: 'moveItem' });
		const moveRefusal = agendaEditRefusal(
			{ type: 'move', direction: input.data.direction },
			runView(seance),
			items.map(runItemView),
			input.data.item
		);
		if (moveRefusal) return formError(409, `followup_error_${moveRefusal}`, { action: 'moveItem' });
		const order = reorder(items, index, input.data.direction === 'up' ? -1 : 1);
		const batch = locals.pb.createBatch();
		order.forEach((item, position) => {
			if (item.position !== position)
				batch.collection('seance_items').update(item.id, { position });
		});
		try {
			await batch.send();
		} catch (e) {
			return writeFailure(e, { action: 'moveItem' });
		}
		announceSeance(seance.id);
		return {
			action: 'moveItem',
			moved: input.data.item,
			direction: input.data.direction,
			title: itemTitle(items[index]!),
			position: order.findIndex((i) => i.id === input.data.item) + 1,
			count: order.length
		};
	},
	deleteItem: async ({ request, locals, params }) => {
		const input = parseForm(itemRef, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'deleteItem' });
		const seance = await facilitating(locals, params);
		const item = await orNullIfMissing(
			locals.pb.collection('seance_items').getOne(input.data.item)
		);
		if (!item || item.seance !== seance.id)
			return formError(404, 'not_found', { action: 'deleteItem' });
		const deleteRefusal = agendaEditRefusal(
			{ type: 'delete' },
			runView(seance),
			(await itemsOf(locals.pb, seance.id)).map(runItemView),
			item.id
		);
		if (deleteRefusal)
			return formError(409, `followup_error_${deleteRefusal}`, { action: 'deleteItem' });
		try {
			await locals.pb.collection('seance_items').delete(item.id);
		} catch (e) {
			return writeFailure(e, { action: 'deleteItem' });
		}
		announceSeance(seance.id);
		return { action: 'deleteItem', done: true };
	},
	attendance: async ({ request, locals, params }) => {
		const input = parseForm(attendance, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'attendance' });
		const seance = await facilitating(locals, params);
		const members = await experimentMembers(await adminPocketBase(), params.id);
		if (!members.some((mb) => mb.id === input.data.user))
			return formFailure(
				{ user: { code: 'choice', message: fieldMessage('choice')! } },
				{ action: 'attendance' }
			);
		const next = { ...readAttendance(seance.attendance), [input.data.user]: input.data.status };
		try {
			await locals.pb.collection('seances').update(seance.id, { attendance: next });
		} catch (e) {
			return writeFailure(e, { action: 'attendance' });
		}
		announceSeance(seance.id);
		return { action: 'attendance', done: true };
	},
	addAction: async ({ request, locals, params }) => {
		const input = parseForm(followUp, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'addAction', values: input.values });
		const seance = await facilitating(locals, params);
		const [members, items] = await Promise.all([
			experimentMembers(await adminPocketBase(), params.id),
			itemsOf(locals.pb, seance.id)
		]);
		if (!members.some((mb) => mb.id === input.data.owner))
			return formFailure(
				{ owner: { code: 'choice', message: fieldMessage('choice')! } },
				{ action: 'addAction', values: input.data }
			);
		if (input.data.seanceItem && !items.some((i) => i.id === input.data.seanceItem))
			return formFailure(
				{ seanceItem: { code: 'choice', message: fieldMessage('choice')! } },
				{ action: 'addAction', values: input.data }
			);
		try {
			await locals.pb.collection('follow_ups').create({
				experiment: params.id,
				what: input.data.what,
				owner: input.data.owner,
				due_date: input.data.dueDate,
				status: 'todo',
				seance: seance.id,
				seance_item: input.data.seanceItem,
				created_by: locals.user!.id
			});
		} catch (e) {
			return writeFailure(e, {
				schema: followUp,
				collection: 'follow_ups',
				values: input.data,
				action: 'addAction'
			});
		}
		announceSeance(seance.id);
		return { action: 'addAction', done: true };
	}
};
