import { describe, expect, it } from 'vitest';
import {
	SaveTracker,
	initialSaveTrackerState,
	saveStatus,
	saveTrackerStep,
	type SaveStatus,
	type SaveTrackerEvent
} from './save-tracker';

const local: SaveTrackerEvent = { type: 'local-change' };
const connected: SaveTrackerEvent = { type: 'connected' };
const disconnected: SaveTrackerEvent = { type: 'disconnected' };
const synced: SaveTrackerEvent = { type: 'synced' };
const saved = (k: number): SaveTrackerEvent => ({ type: 'saved', k });

interface Case {
	name: string;
	events: SaveTrackerEvent[];
	status: SaveStatus;
	sent: number[];
}

const cases: Case[] = [
	{ name: 'starts offline', events: [], status: 'offline', sent: [] },
	{ name: 'connecting is not saved yet', events: [connected], status: 'saving', sent: [] },
	{
		name: 'synced with nothing local asks once and is saved when acked',
		events: [connected, synced, saved(0)],
		status: 'saved',
		sent: [0]
	},
	{
		name: 'synced with nothing local is saved even before the ack (0 ≥ 0)',
		events: [connected, synced],
		status: 'saved',
		sent: [0]
	},
	{
		name: 'a local change while synced is saving until acked',
		events: [connected, synced, local],
		status: 'saving',
		sent: [0, 1]
	},
	{
		name: 'acked local change is saved',
		events: [connected, synced, local, saved(1)],
		status: 'saved',
		sent: [0, 1]
	},
	{
		name: 'an ack for an older request does not cover newer changes',
		events: [connected, synced, local, local, saved(1)],
		status: 'saving',
		sent: [0, 1, 2]
	},
	{
		name: 'acks arriving out of order keep the highest',
		events: [connected, synced, local, local, saved(2), saved(1)],
		status: 'saved',
		sent: [0, 1, 2]
	},
	{
		name: 'offline edits are never shown as saved',
		events: [connected, synced, disconnected, local, local],
		status: 'offline',
		sent: [0]
	},
	{
		name: 'offline edits: reconnect, sync, one request covering them',
		events: [connected, synced, disconnected, local, local, connected, synced],
		status: 'saving',
		sent: [0, 2]
	},
	{
		name: 'offline edits saved after the post-sync ack',
		events: [connected, synced, disconnected, local, local, connected, synced, saved(2)],
		status: 'saved',
		sent: [0, 2]
	},
	{
		name: 'edits before the first sync are requested at sync',
		events: [local, connected, local, synced],
		status: 'saving',
		sent: [2]
	},
	{
		name: 'an ack for a request not sent on this connection is ignored',
		events: [connected, synced, local, disconnected, connected, saved(1)],
		status: 'saving',
		sent: [0, 1]
	},
	{
		name: 'an ack while disconnected is ignored',
		events: [connected, synced, local, disconnected, saved(1)],
		status: 'offline',
		sent: [0, 1]
	},
	{
		name: 'a forged ack beyond the local count is ignored',
		events: [connected, synced, local, saved(99)],
		status: 'saving',
		sent: [0, 1]
	},
	{
		name: 'a lost connection after the ack stays saved once back and synced',
		events: [connected, synced, local, saved(1), disconnected, connected, synced],
		status: 'saved',
		sent: [0, 1, 1]
	},
	{
		name: 'disconnected after an ack shows offline',
		events: [connected, synced, local, saved(1), disconnected],
		status: 'offline',
		sent: [0, 1]
	}
];

describe('save tracker', () => {
	it.each(cases)('$name', ({ events, status, sent }) => {
		let state = initialSaveTrackerState;
		const requests: number[] = [];
		for (const event of events) {
			const step = saveTrackerStep(state, event);
			state = step.state;
			if (step.send !== null) requests.push(step.send);
		}
		expect(saveStatus(state)).toBe(status);
		expect(requests).toEqual(sent);
	});

	it('SaveTracker sends requests and notifies changes', () => {
		const sent: number[] = [];
		const statuses: SaveStatus[] = [];
		const tracker = new SaveTracker(
			(k) => sent.push(k),
			(state) => statuses.push(saveStatus(state))
		);
		tracker.dispatch(connected);
		tracker.dispatch(synced);
		tracker.dispatch(local);
		tracker.dispatch(saved(1));
		expect(sent).toEqual([0, 1]);
		expect(statuses).toEqual(['saving', 'saved', 'saving', 'saved']);
		expect(tracker.status).toBe('saved');
	});
});
