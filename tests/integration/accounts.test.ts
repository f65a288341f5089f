/**
 * Accounts through the production build, against a real PocketBase and a real SMTP server
 * (Mailpit): no account enumeration, reset and email-change links single-use, sessions ended by a
 * new password, a new address and "sign out everywhere", rate limits per address and per client
 * address, the personal-data ZIP and account deletion (register intact). Needs `npm run build`.
 * Client addresses are given in X-Forwarded-For (ADDRESS_HEADER, as behind a reverse proxy) so
 * that each test speaks from its own address.
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAccountsStack, type AccountsStack } from '../support/accounts-stack';
import { linkIn } from '../support/mailpit';

const TIMEOUT_MS = 20_000;
let stack: AccountsStack;

beforeAll(async () => {
	stack = await startAccountsStack({
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
}, 120_000);

afterAll(async () => {
	await stack?.stop();
});

let addressCounter = 0;
/** A client address of its own for each call site (rate limits are per address). */
const newAddress = () =>
	`10.16.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`;

async function request(
	path: string,
	init: { method?: string; form?: Record<string, string>; cookie?: string; address: string }
): Promise<Response> {
	return fetch(`${stack.origin}${path}`, {
		method: init.method ?? (init.form ? 'POST' : 'GET'),
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			'x-forwarded-for': init.address,
			...(init.form
				? { 'content-type': 'application/x-www-form-urlencoded', origin: stack.origin }
				: {}),
			...(init.cookie ? { cookie: `trame_session=${init.cookie}` } : {})
		},
		body: init.form ? new URLSearchParams(init.form) : undefined,
		signal: AbortSignal.timeout(TIMEOUT_MS)
	});
}

function sessionFrom(response: Response): string {
	const cookie = response.headers
		.getSetCookie()
		.find((value) => value.startsWith('trame_session='));
	const token = cookie?.split(';')[0]?.slice('trame_session='.length);
	if (!token) throw new Error(`no session cookie (status ${response.status})`);
	return token;
}

async function signIn(email: string, password: string): Promise<string> {
	const response = await request('/connexion', {
		form: { email, password },
		address: newAddress()
	});
	expect(response.status, 'sign-in redirects').toBe(303);
	return sessionFrom(response);
}

/** Does PocketBase still accept this session token? */
async function sessionAlive(token: string): Promise<boolean> {
	const response = await fetch(`${stack.pb.url}/api/collections/users/auth-refresh`, {
		method: 'POST',
		headers: { authorization: token }
	});
	return response.status === 200;
}

async function newUser(name: string, password = 'Mot-de-passe-initial-1') {
	const email = `${name.toLowerCase()}.${addressCounter++}@trame.test`;
	const record = await stack.pb.createUser({ email, password, name });
	return { id: record.id, email, password, name };
}

/** The page's visible text, without markup and the echoed address. */
async function answerText(response: Response, email: string): Promise<string> {
	const html = await response.text();
	const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? html;
	return main
		.replace(/<[^>]+>/g, ' ')
		.replaceAll(email, '<adresse>')
		.replace(/\s+/g, ' ')
		.trim();
}

describe('forgotten password', () => {
	it('gives the same answer for a known and an unknown address, and mails only the known one', async () => {
		const known = await newUser('Aline');
		const unknown = `personne.${Date.now()}@trame.test`;
		const knownAnswer = await request('/mot-de-passe-oublie', {
			form: { email: known.email },
			address: newAddress()
		});
		const unknownAnswer = await request('/mot-de-passe-oublie', {
			form: { email: unknown },
			address: newAddress()
		});
		expect(knownAnswer.status).toBe(200);
		expect(unknownAnswer.status).toBe(knownAnswer.status);
		const knownText = await answerText(knownAnswer, known.email);
		expect(knownText).toContain('Si un compte existe pour <adresse>');
		expect(await answerText(unknownAnswer, unknown)).toBe(knownText);

		const mail = await stack.mail.waitFor(known.email);
		expect(mail.Subject).toBe('Trame : choisir un nouveau mot de passe');
		expect(mail.Text).toContain(`${stack.origin}/mot-de-passe/nouveau/`);
		expect(mail.HTML).toContain('lang="fr"');
		// No tracking: the only link is the reset link itself, no image.
		expect(mail.HTML).not.toMatch(/<img/i);
		expect([...mail.HTML.matchAll(/href="([^"]+)"/g)].map((match) => match[1])).toEqual([
			linkIn(mail, stack.origin)
		]);
		// The unknown address got nothing (the known one's mail arrived, both were sent at once).
		await new Promise((done) => setTimeout(done, 500));
		expect(await stack.mail.messagesTo(unknown)).toEqual([]);
	});

	it('writes in the account’s language', async () => {
		const email = `english.${Date.now()}@trame.test`;
		await stack.pb.createUser({
			email,
			password: 'Mot-de-passe-initial-1',
			name: 'Ann',
			locale: 'en'
		});
		await request('/mot-de-passe-oublie', { form: { email }, address: newAddress() });
		const mail = await stack.mail.waitFor(email);
		expect(mail.Subject).toBe('Trame: choose a new password');
		expect(mail.Text).toContain('It works once and expires in 30 minutes.');
	});

	it('the link works once, ends every session, and the old password stops working', async () => {
		const user = await newUser('Bruno');
		const before = await signIn(user.email, user.password);
		expect(await sessionAlive(before)).toBe(true);

		await request('/mot-de-passe-oublie', { form: { email: user.email }, address: newAddress() });
		const link = linkIn(await stack.mail.waitFor(user.email), stack.origin);
		const path = new URL(link).pathname;
		expect((await request(path, { address: newAddress() })).status).toBe(200);

		const newPassword = 'Nouveau-mot-de-passe-2';
		const done = await request(path, {
			form: { password: newPassword, passwordConfirm: newPassword },
			address: newAddress()
		});
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/connexion?raison=mot-de-passe');

		expect(await sessionAlive(before)).toBe(false);
		expect(await sessionAlive(await signIn(user.email, newPassword))).toBe(true);
		const oldPassword = await request('/connexion', {
			form: { email: user.email, password: user.password },
			address: newAddress()
		});
		expect(oldPassword.status).toBe(400);

		// Used once: the same link is refused, the password stays.
		const again = await request(path, {
			form: { password: 'Troisieme-mot-de-passe', passwordConfirm: 'Troisieme-mot-de-passe' },
			address: newAddress()
		});
		expect(again.status).toBe(400);
		expect(await again.text()).toContain('Ce lien n’est plus valable');
		expect(await sessionAlive(await signIn(user.email, newPassword))).toBe(true);
	});

	it('keeps links short-lived: 30 minutes for reset and email change, 7-day sessions', async () => {
		const users = await stack.pb.admin.collections.getOne('users');
		expect({
			auth: users.authToken.duration,
			reset: users.passwordResetToken.duration,
			emailChange: users.emailChangeToken.duration,
			verification: users.verificationToken.duration
		}).toEqual({ auth: 604_800, reset: 1800, emailChange: 1800, verification: 86_400 });
		// A link past its time says so at once.
		const payload = Buffer.from(
			JSON.stringify({ type: 'passwordReset', exp: Math.floor(Date.now() / 1000) - 60 })
		).toString('base64url');
		const expired = await request(`/mot-de-passe/nouveau/eyJhbGciOiJIUzI1NiJ9.${payload}.sig`, {
			address: newAddress()
		});
		expect(await expired.text()).toContain('Ce lien a expiré');
	});

	it('refuses a forged or tampered link', async () => {
		const forged = await request('/mot-de-passe/nouveau/abc.def.ghi', {
			form: { password: 'Nouveau-mot-de-passe-2', passwordConfirm: 'Nouveau-mot-de-passe-2' },
			address: newAddress()
		});
		expect(forged.status).toBe(400);
	});

	it('sends one mail for repeated requests about one address (per-address limit)', async () => {
		const user = await newUser('Chloe');
		for (let i = 0; i < 3; i++) {
			const response = await request('/mot-de-passe-oublie', {
				form: { email: user.email },
				address: newAddress()
			});
			expect(response.status).toBe(200);
		}
		await stack.mail.waitFor(user.email);
		await new Promise((done) => setTimeout(done, 1000));
		expect(await stack.mail.messagesTo(user.email)).toHaveLength(1);
	});

	it('throttles one client address after 10 requests a minute, not the others', async () => {
		const address = newAddress();
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const response = await request('/mot-de-passe-oublie', {
				form: { email: `flood.${i}@trame.test` },
				address
			});
			statuses.push(response.status);
			await response.body?.cancel();
		}
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
		expect(statuses[10]).toBe(429);
		const throttled = await request('/mot-de-passe-oublie', {
			form: { email: 'x@trame.test' },
			address
		});
		expect(await throttled.text()).toContain('Trop de tentatives');
		const other = await request('/mot-de-passe-oublie', {
			form: { email: 'x@trame.test' },
			address: newAddress()
		});
		expect(other.status).toBe(200);
	});
});

describe('account page', () => {
	it('changes the address only through a link sent to the new one, without telling who has an account', async () => {
		const user = await newUser('Denis');
		const other = await newUser('Emma');
		const session = await signIn(user.email, user.password);

		const taken = await request('/compte?/email', {
			form: { newEmail: other.email },
			cookie: session,
			address: newAddress()
		});
		const free = `denis.nouveau.${Date.now()}@trame.test`;
		const accepted = await request('/compte?/email', {
			form: { newEmail: free },
			cookie: session,
			address: newAddress()
		});
		expect(taken.status).toBe(accepted.status);
		expect(await answerText(taken, other.email)).toBe(await answerText(accepted, free));

		const mail = await stack.mail.waitFor(free);
		expect(mail.Subject).toBe('Trame : confirmer votre nouvelle adresse');
		await new Promise((done) => setTimeout(done, 500));
		expect(await stack.mail.messagesTo(other.email)).toEqual([]);

		const path = new URL(linkIn(mail, stack.origin)).pathname;
		const wrong = await request(path, { form: { password: 'pas-le-bon' }, address: newAddress() });
		expect(wrong.status).toBe(400);
		const confirmed = await request(path, {
			form: { password: user.password },
			address: newAddress()
		});
		expect(confirmed.status).toBe(303);
		expect(confirmed.headers.get('location')).toBe('/connexion?raison=adresse');
		expect(await sessionAlive(session)).toBe(false);
		expect(await sessionAlive(await signIn(free, user.password))).toBe(true);
		const reused = await request(path, {
			form: { password: user.password },
			address: newAddress()
		});
		expect(reused.status).toBe(400);
	});

	it('caps address-change requests at 5 an hour per account', async () => {
		const user = await newUser('Fanny');
		const session = await signIn(user.email, user.password);
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			const response = await request('/compte?/email', {
				form: { newEmail: `fanny.${i}.${Date.now()}@trame.test` },
				cookie: session,
				address: newAddress()
			});
			statuses.push(response.status);
			await response.body?.cancel();
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
	});

	it('changes the password: the other sessions end, this one goes on', async () => {
		const user = await newUser('Gael');
		const elsewhere = await signIn(user.email, user.password);
		const here = await signIn(user.email, user.password);
		const wrong = await request('/compte?/password', {
			form: {
				oldPassword: 'pas-le-bon',
				password: 'Autre-mot-de-passe-9',
				passwordConfirm: 'Autre-mot-de-passe-9'
			},
			cookie: here,
			address: newAddress()
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('Ce mot de passe n’est pas le bon.');
		const changed = await request('/compte?/password', {
			form: {
				oldPassword: user.password,
				password: 'Autre-mot-de-passe-9',
				passwordConfirm: 'Autre-mot-de-passe-9'
			},
			cookie: here,
			address: newAddress()
		});
		expect(changed.status).toBe(200);
		expect(await sessionAlive(elsewhere)).toBe(false);
		expect(await sessionAlive(sessionFrom(changed))).toBe(true);
	});

	it('signs out of every device', async () => {
		const user = await newUser('Hugo');
		const one = await signIn(user.email, user.password);
		const two = await signIn(user.email, user.password);
		const response = await request('/compte?/sessions', {
			form: {},
			cookie: one,
			address: newAddress()
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/connexion?raison=sessions');
		expect(await sessionAlive(one)).toBe(false);
		expect(await sessionAlive(two)).toBe(false);
	});
});

describe('invitations', () => {
	it('are emailed for real, in the coordinator’s language, with a link that opens the invitation', async () => {
		const coordinator = await newUser('Olga');
		await stack.pb.createExperiment(coordinator.id, { title: 'Panel citoyen' });
		const experiment = await stack.pb.admin
			.collection('experiments')
			.getFirstListItem(stack.pb.admin.filter('created_by = {:u}', { u: coordinator.id }));
		const session = await signIn(coordinator.email, coordinator.password);
		const invited = `invite.${Date.now()}@trame.test`;
		const response = await request(`/experiences/${experiment.id}/membres?/invite`, {
			form: { email: invited, role: 'partner' },
			cookie: session,
			address: newAddress()
		});
		expect(response.status).toBe(200);
		const mail = await stack.mail.waitFor(invited);
		expect(mail.Subject).toBe('Invitation à rejoindre « Panel citoyen » sur Trame');
		expect(mail.From.Address).toBe('ne-pas-repondre@trame.test');
		const link = linkIn(mail, stack.origin);
		expect(link).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}$/);
		const page = await request(new URL(link).pathname, { address: newAddress() });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Panel citoyen');
	});
});

describe('personal data', () => {
	it('exports a ZIP of what Trame holds, with the files the person uploaded', async () => {
		const user = await newUser('Ines');
		const { admin } = stack.pb;
		const experiment = await stack.pb.createExperiment(user.id, { title: 'Budget participatif' });
		const document = await admin
			.collection('documents')
			.create({ experiment: experiment.id, kind: 'libre', title: 'Notes', created_by: user.id });
		const thread = await admin.collection('review_threads').create({
			document: document.id,
			author: user.id,
			kind: 'comment',
			anchor: { from: {}, to: {} },
			quote: 'le passage',
			status: 'open'
		});
		await admin
			.collection('review_messages')
			.create({ thread: thread.id, author: user.id, body: 'Mon commentaire' });
		// Creating the experiment made her a member of the default Labo; she was given an action.
		const labo = await admin.collection('organisations').getFirstListItem('slug = "labo"');
		await admin.collection('follow_ups').create({
			experiment: experiment.id,
			what: 'Relancer la mairie',
			owner: user.id,
			due_date: '2027-02-01 00:00:00.000Z',
			status: 'todo',
			created_by: user.id
		});
		// A collection with uploads (none exists yet in Trame): its owner field makes them hers.
		await admin.collections.create({
			name: 'test_uploads',
			type: 'base',
			fields: [
				{ name: 'file', type: 'file', maxSelect: 1, maxSize: 1_000_000 },
				{ name: 'created_by', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 }
			]
		});
		const upload = new FormData();
		upload.set('file', new Blob(['contenu du fichier']), 'piece-jointe.txt');
		upload.set('created_by', user.id);
		const uploaded = await admin.collection('test_uploads').create(upload);

		// A closed consent round where she gave a concern (and someone else objected).
		const state = {
			facilitatorId: 'facilitator0001',
			participants: [user.id, 'someoneelse0001'],
			positions: [
				{ participantId: user.id, kind: 'concern', text: 'Ma préoccupation', version: 1 },
				{ participantId: 'someoneelse0001', kind: 'objection', text: 'Pas la mienne', version: 1 }
			],
			pastPositions: [],
			objections: [],
			closedAt: null
		};
		const round = await admin.collection('rounds').create({
			experiment: experiment.id,
			kind: 'consent',
			title: 'Calendrier',
			state,
			phase: 'objections',
			closed: false,
			revision: 0,
			created_by: 'facilitator0001'
		});
		await admin.collection('rounds').update(round.id, {
			state: { ...state, closedAt: '2026-01-10T10:00:00Z' },
			phase: 'decided',
			closed: true,
			revision: 1
		});

		const session = await signIn(user.email, user.password);
		const response = await request('/compte/donnees', { cookie: session, address: newAddress() });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/zip');
		expect(response.headers.get('content-disposition')).toMatch(
			/attachment; filename="trame-mes-donnees-\d{4}-\d{2}-\d{2}\.zip"/
		);
		const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
		const read = (name: string) => JSON.parse(strFromU8(files[name]!)) as unknown;
		expect(read('profil.json')).toMatchObject({ id: user.id, email: user.email, name: 'Ines' });
		expect(read('adhesions.json')).toEqual([
			expect.objectContaining({ experimentTitle: 'Budget participatif', role: 'coordinator' })
		]);
		expect(read('organisations.json')).toEqual([
			expect.objectContaining({
				organisation: labo.id,
				organisationName: labo.name,
				role: 'member'
			})
		]);
		expect(read('actions.json')).toEqual([
			expect.objectContaining({
				experimentTitle: 'Budget participatif',
				what: 'Relancer la mairie',
				status: 'todo'
			})
		]);
		expect(read('commentaires.json')).toMatchObject({
			threads: [{ id: thread.id, documentTitle: 'Notes', quote: 'le passage' }],
			messages: [{ body: 'Mon commentaire' }]
		});
		expect(read('positions.json')).toEqual([
			expect.objectContaining({
				round: round.id,
				title: 'Calendrier',
				experiment: 'Budget participatif',
				positions: [expect.objectContaining({ text: 'Ma préoccupation' })]
			})
		]);
		const fileName = uploaded.file as string;
		expect(strFromU8(files[`fichiers/test_uploads/${uploaded.id}/${fileName}`]!)).toBe(
			'contenu du fichier'
		);
		expect(Object.keys(files)).toEqual(
			expect.arrayContaining([
				'LISEZMOI.txt',
				'positions.json',
				'notifications.json',
				'invitations.json'
			])
		);
	});

	it('deletes the account: the last coordinator hands over first, comments stay unattributed, the register keeps its names', async () => {
		const user = await newUser('Jules');
		const colleague = await newUser('Karima');
		const { admin } = stack.pb;
		const experiment = await stack.pb.createExperiment(user.id, { title: 'Assemblée' });
		await stack.pb.addMember(experiment.id, colleague.id, 'evaluator');
		const document = await admin.collection('documents').create({
			experiment: experiment.id,
			kind: 'libre',
			title: 'Protocole',
			created_by: user.id
		});
		const thread = await admin.collection('review_threads').create({
			document: document.id,
			author: user.id,
			kind: 'comment',
			anchor: { from: { tname: 'default' }, to: { tname: 'default' } },
			quote: 'passage',
			status: 'open'
		});
		// A round is created open (revision 0) and closed by its next write (governance hooks).
		const round = await admin.collection('rounds').create({
			experiment: experiment.id,
			kind: 'consent',
			title: 'Calendrier',
			state: { closedAt: null },
			phase: 'objections',
			closed: false,
			revision: 0,
			created_by: user.id
		});
		await admin.collection('rounds').update(round.id, {
			state: { closedAt: '2026-01-10T10:00:00Z' },
			phase: 'decided',
			closed: true,
			revision: 1
		});
		const decision = await admin.collection('decisions').create({
			experiment: experiment.id,
			round: round.id,
			kind: 'consent',
			outcome: 'adopted',
			title: 'Calendrier',
			text: 'Le calendrier est adopté.',
			decided_at: '2026-01-10 10:00:00.000Z',
			present: [
				{ id: user.id, name: 'Jules' },
				{ id: colleague.id, name: 'Karima' }
			],
			facilitator: user.id
		});
		const session = await signIn(user.email, user.password);

		const wrongAddress = await request('/compte/supprimer', {
			form: { confirmEmail: colleague.email },
			cookie: session,
			address: newAddress()
		});
		expect(wrongAddress.status).toBe(400);
		const blocked = await request('/compte/supprimer', {
			form: { confirmEmail: user.email },
			cookie: session,
			address: newAddress()
		});
		expect(blocked.status).toBe(409);
		expect(await blocked.text()).toContain('Assemblée');
		// PocketBase itself refuses too, whoever asks.
		await expect(admin.collection('users').delete(user.id)).rejects.toMatchObject({ status: 400 });

		const colleagueMembership = await admin
			.collection('memberships')
			.getFirstListItem(admin.filter('user = {:user}', { user: colleague.id }));
		await admin.collection('memberships').update(colleagueMembership.id, { role: 'coordinator' });
		const deleted = await request('/compte/supprimer', {
			form: { confirmEmail: user.email },
			cookie: session,
			address: newAddress()
		});
		expect(deleted.status).toBe(303);
		expect(deleted.headers.get('location')).toBe('/connexion?raison=compte-supprime');
		expect(await sessionAlive(session)).toBe(false);

		await expect(admin.collection('users').getOne(user.id)).rejects.toMatchObject({ status: 404 });
		expect(
			await admin
				.collection('memberships')
				.getFullList({ filter: admin.filter('user = {:u}', { u: user.id }) })
		).toEqual([]);
		expect(await admin.collection('review_threads').getOne(thread.id)).toMatchObject({
			author: '',
			quote: 'passage'
		});
		// The remaining members read the comment as written by "compte supprimé".
		const colleagueSession = await signIn(colleague.email, colleague.password);
		const review = await request(`/api/review/documents/${document.id}`, {
			cookie: colleagueSession,
			address: newAddress()
		});
		expect(review.status).toBe(200);
		const snapshot = (await review.json()) as { threads: { id: string; authorName: string }[] };
		expect(snapshot.threads).toEqual([
			expect.objectContaining({ id: thread.id, authorName: 'compte supprimé' })
		]);
		const after = await admin.collection('decisions').getOne(decision.id);
		expect(after.present).toEqual(decision.present);
		expect(after.text).toBe(decision.text);
		expect(after.facilitator).toBe(user.id);
	});
});
