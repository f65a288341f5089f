/**
 * Node-side helpers for e2e tests that go around the browser: the shared stack's PocketBase as
 * superuser, a scratch experiment (so the demo protocol other tests read stays untouched), demo
 * users' tokens from PocketBase's API, and raw y-websocket clients on the real server.
 */
import PocketBase from 'pocketbase';
import { DEMO_PASSWORD } from '../../scripts/demo-data';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { connectCollabClient, type CollabClient } from '../support/collab-client';
import { seed } from './support';

function env(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is missing: the global setup did not run`);
	return value;
}

function client(): PocketBase {
	const pb = new PocketBase(env('TRAME_E2E_PB_URL'));
	pb.autoCancellation(false);
	return pb;
}

export async function superuser(): Promise<PocketBase> {
	const { email, password } = JSON.parse(env('TRAME_E2E_SUPERUSER')) as {
		email: string;
		password: string;
	};
	const pb = client();
	await pb.collection('_superusers').authWithPassword(email, password);
	return pb;
}

/** A demo user's session token, obtained like any API client would. */
export async function userToken(email: string, password = DEMO_PASSWORD): Promise<string> {
	const pb = client();
	await pb.collection('users').authWithPassword(email, password);
	return pb.authStore.token;
}

export function userId(email: string): string {
	const id = seed().users[email];
	if (!id) throw new Error(`no demo user ${email}`);
	return id;
}

export interface ScratchExperiment {
	id: string;
	newDocument(title: string): Promise<string>;
	dispose(): Promise<void>;
}

/**
 * An experiment coordinated by `owner` with `evaluators` as members, removed by dispose() (with
 * its documents), so later tests see the demo data as seeded.
 */
export async function scratchExperiment(
	title: string,
	owner: string,
	evaluators: string[]
): Promise<ScratchExperiment> {
	const admin = await superuser();
	const experiment = await admin
		.collection('experiments')
		.create({ title, status: 'idee', created_by: userId(owner) });
	for (const email of evaluators) {
		await admin
			.collection('memberships')
			.create({ experiment: experiment.id, user: userId(email), role: 'evaluator' });
	}
	const documents: string[] = [];
	return {
		id: experiment.id,
		async newDocument(documentTitle) {
			const document = await admin.collection('documents').create({
				experiment: experiment.id,
				kind: 'libre',
				title: documentTitle,
				archived: false,
				schema_version: EDITOR_SCHEMA_VERSION,
				created_by: userId(owner)
			});
			documents.push(document.id);
			return document.id;
		},
		async dispose() {
			await admin.collection('experiments').delete(experiment.id);
		}
	};
}

/** A y-websocket client in Node on the e2e server, as `email`, with the browser's Origin. */
export async function nodeClient(email: string, documentId: string): Promise<CollabClient> {
	const base = env('TRAME_E2E_BASE_URL');
	return connectCollabClient({
		wsUrl: base.replace(/^http/, 'ws'),
		documentId,
		token: await userToken(email),
		origin: base
	});
}
