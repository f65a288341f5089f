/**
 * The public resource centre through the production server and a real PocketBase, as a
 * signed-out visitor sees it: the catalogue (search, facets), the feeds parsed back, the sitemap,
 * stable version URLs with their citation and "new version" notice, a withdrawal's notice, the
 * embeddable list, and bad queries refused in French. Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import { reviewContext } from '../../src/lib/server/review/context';
import { publishVersion, unpublish } from '../../src/lib/server/review/publication';
import { saveVersion } from '../../src/lib/server/review/versions';
import type { UsersRecord } from '../../src/lib/pocketbase/types';
import type { DocumentKind } from '../../src/lib/domain/document-kinds';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = join(ROOT, 'build');
if (!existsSync(join(BUILD_DIR, 'handler.js')))
	throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);

let pb: TestPocketBase;
let server: TrameServerProcess;
let coordinator: UsersRecord;
const docs = { fiche: '', guide: '', carnet: '' };
const versions = { ficheV1: '', ficheV2: '', guide: '', carnet: '' };

function stateOf(text: string): Uint8Array {
	const doc = prosemirrorJSONToYDoc(
		editorSchema(),
		{ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
		EDITOR_FIELD
	);
	return Y.encodeStateAsUpdate(doc);
}

async function newDocument(experimentId: string, kind: DocumentKind, title: string) {
	const created = await createDocumentWithTemplate(pb.admin, {
		experimentId,
		userId: coordinator.id,
		kind,
		title,
		locale: 'fr'
	});
	if (!created.ok) throw new Error(created.error);
	return created.id;
}

const version = (documentId: string, text: string) =>
	saveVersion(pb.admin, documentId, 'named', {
		name: 'Version publiée',
		userId: coordinator.id,
		state: stateOf(text)
	});

async function publish(documentId: string, versionId: string, licence = '', summary = '') {
	const ctx = await reviewContext(pb.admin, documentId, coordinator.id);
	return publishVersion(pb.admin, ctx, versionId, {
		licence: licence as 'cc-by-4.0' | '',
		summary
	});
}

const get = (path: string) => fetch(server.url + path, { redirect: 'manual' });
const page = async (path: string) => {
	const response = await get(path);
	return { status: response.status, headers: response.headers, html: await response.text() };
};
/** The titles of the catalogue's results, in order. */
const resultTitles = (html: string) =>
	[...html.matchAll(/<h3 class="title[^"]*"><a href="[./]*public\/[^"]+"[^>]*>([^<]+)<\/a>/g)].map(
		(match) => match[1]
	);
const xml = (text: string) => new DOMParser().parseFromString(text, 'text/xml');
const texts = (doc: ReturnType<typeof xml>, tag: string) =>
	Array.from(doc.getElementsByTagName(tag)).map((node) => node.textContent ?? '');

beforeAll(async () => {
	pb = await startTestPocketBase();
	coordinator = await pb.createUser({
		email: 'camille@trame.test',
		password: 'mot-de-passe-solide',
		name: 'Camille'
	});
	// The organisation's editors publish: Camille is on the team of the default organisation.
	const labo = await pb.admin.collection('organisations').getFirstListItem("slug = 'labo'");
	const filter = pb.admin.filter('organisation = {:o} && user = {:u}', {
		o: labo.id,
		u: coordinator.id
	});
	const [row] = await pb.admin.collection('org_memberships').getFullList({ filter });
	if (row) await pb.admin.collection('org_memberships').update(row.id, { role: 'team' });
	else
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: labo.id, user: coordinator.id, role: 'team' });
	const brenne = await pb.createExperiment(coordinator.id, {
		title: 'Assemblée citoyenne du Val de Brenne',
		territory_name: 'Val de Brenne',
		territory_type: 'intercommunalite',
		enjeux: ['diversification', 'co_decision']
	});
	const lyon = await pb.createExperiment(coordinator.id, {
		title: 'Convention métropolitaine',
		territory_name: 'Lyon',
		territory_type: 'metropole',
		enjeux: ['confiance']
	});
	docs.fiche = await newDocument(brenne.id, 'fiche_retour', 'Fiche retour : budget participatif');
	docs.guide = await newDocument(lyon.id, 'guide_methodologique', 'Guide du tirage au sort');
	docs.carnet = await newDocument(brenne.id, 'carnet_de_bord', 'Carnet de bord');
	versions.ficheV1 = await version(docs.fiche, 'Les jeunes ont voté en ligne.');
	versions.guide = await version(docs.guide, 'Tirer au sort un panel représentatif.');
	versions.carnet = await version(docs.carnet, 'Séance de mai.');
	// The live draft of the guide moves on: never searchable, never shown.
	const draft = stateOf('BROUILLONSECRET');
	await pb.admin.collection('doc_updates').create({
		document: docs.guide,
		data: Buffer.from(draft).toString('base64'),
		bytes: draft.byteLength,
		compacted: false
	});
	await publish(docs.fiche, versions.ficheV1, '', 'Ce que le vote des jeunes nous a appris.');
	await publish(docs.guide, versions.guide, 'cc-by-4.0', 'Méthode du tirage au sort.');
	await publish(docs.carnet, versions.carnet);

	const port = await findFreePort();
	server = await startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		port,
		origin: `http://127.0.0.1:${port}`,
		env: { TRAME_BUILD_DIR: BUILD_DIR }
	});
}, 120_000);

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

describe('the catalogue (signed out)', () => {
	it('lists every published version, server-rendered without any script', async () => {
		const { status, html } = await page('/ressources');
		expect(status).toBe(200);
		expect(resultTitles(html).sort()).toEqual([
			'Carnet de bord',
			'Fiche retour : budget participatif',
			'Guide du tirage au sort'
		]);
		expect(html).toContain('3 ressources');
		expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
		expect(html).toContain('Ce que le vote des jeunes nous a appris.');
		expect(html).toContain('Licence : CC BY 4.0');
		expect(html).toContain('Licence : CC BY-SA 4.0');
		const jsonLd = JSON.parse(
			/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!
		) as { '@type': string; mainEntity: { numberOfItems: number } };
		expect(jsonLd['@type']).toBe('CollectionPage');
		expect(jsonLd.mainEntity.numberOfItems).toBe(3);
	});

	it.each([
		['?q=vote', ['Fiche retour : budget participatif']],
		['?q=TIRAGE', ['Guide du tirage au sort']],
		['?q=representatif', ['Guide du tirage au sort']], // the version's text, without accents
		['?q=brouillonsecret', []], // the draft is never searched
		['?kind=guide_methodologique', ['Guide du tirage au sort']],
		['?enjeu=co_decision', ['Carnet de bord', 'Fiche retour : budget participatif']],
		['?territoire=metropole', ['Guide du tirage au sort']],
		['?kind=carnet_de_bord&enjeu=confiance', []]
	])('filters %s', async (query, expected) => {
		const { status, html } = await page(`/ressources${query}`);
		expect(status).toBe(200);
		expect(resultTitles(html).sort()).toEqual(expected);
	});

	it('counts each facet and links to it', async () => {
		const { html } = await page('/ressources?enjeu=co_decision');
		expect(html).toContain('Diversification (2)');
		expect(html).toContain('Intercommunalité (2)');
		// The other enjeu still counts under its own filter left out.
		expect(html).toContain('Confiance (1)');
		expect(html).toMatch(/href="[./]*ressources\?kind=fiche_retour&amp;enjeu=co_decision"/);
		expect(html).toContain('aria-label="Retirer le filtre : Enjeu : Co-décision"');
	});

	it('refuses a bad query in French with a 400, page and feeds alike', async () => {
		const { status, html } = await page('/ressources?annee=deux-mille&kind=roman');
		expect(status).toBe(400);
		expect(html).toContain('Cette recherche n’est pas valide');
		const feed = await get('/ressources/rss.xml?enjeu=inconnu');
		expect(feed.status).toBe(400);
		const body = (await feed.json()) as { error: string; fields: Record<string, unknown> };
		expect(body.error).toBe('invalid_input');
		expect(Object.keys(body.fields)).toEqual(['enjeu']);
	});
});

describe('feeds, sitemap and robots', () => {
	it('gives RSS, Atom and JSON Feed of the published versions, filtered like the page', async () => {
		const rss = await get('/ressources/rss.xml');
		expect(rss.headers.get('content-type')).toContain('application/rss+xml');
		const channel = xml(await rss.text());
		expect(texts(channel, 'title')).toContain('Fiche retour : budget participatif');
		expect(
			texts(channel, 'link').some((link) =>
				link.endsWith(`/public/fiche-retour-budget-participatif/versions/${versions.ficheV1}`)
			)
		).toBe(true);

		const atom = xml(await (await get('/ressources/atom.xml?kind=guide_methodologique')).text());
		expect(texts(atom, 'title')).toContain('Guide du tirage au sort');
		expect(atom.getElementsByTagName('entry')).toHaveLength(1);

		const json = (await (await get('/ressources/feed.json?enjeu=co_decision')).json()) as {
			version: string;
			items: { title: string; summary?: string; content_text?: string }[];
		};
		expect(json.version).toContain('jsonfeed.org/version/1');
		expect(json.items.map((item) => item.title).sort()).toEqual([
			'Carnet de bord',
			'Fiche retour : budget participatif'
		]);
	});

	it('maps the public pages and keeps private pages and the embed out of search engines', async () => {
		const sitemap = xml(await (await get('/sitemap.xml')).text());
		const locs = texts(sitemap, 'loc').map((loc) => new URL(loc).pathname);
		expect(locs).toEqual(
			expect.arrayContaining([
				'/ressources',
				'/public/fiche-retour-budget-participatif',
				'/public/guide-du-tirage-au-sort'
			])
		);
		const robots = await (await get('/robots.txt')).text();
		expect(robots).toContain(`Sitemap: ${server.url}/sitemap.xml`);
		expect(robots).toContain('Disallow: /ressources/integrer');
	});

	it("follows the organisation's search-engine choice, made by its administrator", async () => {
		const labo = await pb.admin.collection('organisations').getFirstListItem("slug = 'labo'");
		// Organisations that published before the choice existed stay indexed (migration).
		expect(labo.indexable).toBe(true);
		const director = await pb.createUser({
			email: 'direction@trame.test',
			password: 'mot-de-passe-solide',
			name: 'Direction'
		});
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: labo.id, user: director.id, role: 'admin' });
		const cookieOf = async (email: string) =>
			`${SESSION_COOKIE}=${(await pb.userClient(email, 'mot-de-passe-solide')).authStore.token}`;
		const choose = (cookie: string, indexing: string) =>
			fetch(`${server.url}/organisations/${labo.id}?/indexing`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					cookie,
					origin: server.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ indexing }).toString()
			});
		const publicPage = '/public/fiche-retour-budget-participatif';
		const inSitemap = async () => (await (await get('/sitemap.xml')).text()).includes(publicPage);

		// The team may publish but not decide this: refused, nothing changes.
		expect((await choose(await cookieOf('camille@trame.test'), 'off')).status).toBe(403);
		expect((await pb.admin.collection('organisations').getOne(labo.id)).indexable).toBe(true);

		const directorCookie = await cookieOf('direction@trame.test');
		expect((await choose(directorCookie, 'off')).status).toBe(200);
		for (const path of [publicPage, `${publicPage}/versions/${versions.ficheV1}`]) {
			const { status, headers, html } = await page(path);
			expect(status).toBe(200);
			expect(headers.get('x-robots-tag')).toBe('noindex');
			expect(html).toMatch(/<meta name="robots" content="noindex"\s*\/?>/);
		}
		expect(await inSitemap()).toBe(false);

		expect((await choose(directorCookie, 'on')).status).toBe(200);
		const { headers, html } = await page(publicPage);
		expect(headers.get('x-robots-tag')).toBeNull();
		expect(html).not.toContain('name="robots"');
		expect(await inSitemap()).toBe(true);
	});

	it('serves an embeddable list that another site may frame', async () => {
		const response = await get('/ressources/integrer?territoire=metropole');
		expect(response.status).toBe(200);
		expect(response.headers.get('x-frame-options')).toBeNull();
		expect(response.headers.get('content-security-policy')).toContain('frame-ancestors *');
		expect(response.headers.get('x-robots-tag')).toBe('noindex');
		const html = await response.text();
		expect(html).toContain('Guide du tirage au sort');
		expect(html).not.toContain('Carnet de bord');
		expect(html).not.toContain('<script');
		// Every other page still refuses to be framed.
		expect((await get('/ressources')).headers.get('x-frame-options')).toBe('DENY');
	});
});

describe('stable URLs, versions and withdrawal', () => {
	it('gives each published version its page with a citation, licence and schema.org facts', async () => {
		const { status, html } = await page('/public/guide-du-tirage-au-sort');
		expect(status).toBe(200);
		expect(html).not.toContain('BROUILLONSECRET');
		expect(html).toContain('Tirer au sort un panel représentatif.');
		expect(html).toContain(
			`Convention métropolitaine (Lyon), ${new Date().getFullYear()}. « Guide du tirage au sort », guide méthodologique, version du`
		);
		expect(html).toContain(
			`${server.url}/public/guide-du-tirage-au-sort/versions/${versions.guide}`
		);
		expect(html).toContain('<meta property="og:title" content="Guide du tirage au sort"');
		expect(html).toContain('<meta property="og:description" content="Méthode du tirage au sort."');
		expect(html).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
		const jsonLd = JSON.parse(
			/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!
		) as Record<string, unknown>;
		expect(jsonLd).toMatchObject({
			'@type': 'CreativeWork',
			name: 'Guide du tirage au sort',
			license: 'https://creativecommons.org/licenses/by/4.0/',
			author: { name: 'Convention métropolitaine' }
		});
	});

	it('keeps an earlier version at its URL with a "new version" notice', async () => {
		versions.ficheV2 = await version(docs.fiche, 'Deuxième bilan, après le second vote.');
		await publish(docs.fiche, versions.ficheV2, '', 'Bilan mis à jour.');
		const old = await page(`/public/fiche-retour-budget-participatif/versions/${versions.ficheV1}`);
		expect(old.status).toBe(200);
		expect(old.html).toContain('Une version plus récente de ce document a été publiée.');
		expect(old.html).toContain('Les jeunes ont voté en ligne.');
		const current = await page('/public/fiche-retour-budget-participatif');
		expect(current.html).toContain('Deuxième bilan');
		expect(current.html).not.toContain('Une version plus récente');
		// One entry per publication in the catalogue, at its current version.
		expect(resultTitles((await page('/ressources')).html)).toHaveLength(3);
		// A version that was never published has no public page.
		const other = await version(docs.fiche, 'Jamais publiée.');
		expect((await get(`/public/fiche-retour-budget-participatif/versions/${other}`)).status).toBe(
			404
		);
	});

	it('answers a withdrawn publication with a clear notice, and takes it out of every list', async () => {
		const ctx = await reviewContext(pb.admin, docs.carnet, coordinator.id);
		await unpublish(pb.admin, ctx);
		for (const path of [
			'/public/carnet-de-bord',
			`/public/carnet-de-bord/versions/${versions.carnet}`
		]) {
			const { status, headers, html } = await page(path);
			expect(status).toBe(200);
			expect(headers.get('x-robots-tag')).toBe('noindex');
			expect(html).toContain('Ressource retirée');
			expect(html).toContain('« Carnet de bord » a été retiré du centre de ressources le');
			expect(html).not.toContain('Séance de mai.');
		}
		expect(resultTitles((await page('/ressources')).html)).not.toContain('Carnet de bord');
		expect(await (await get('/ressources/rss.xml')).text()).not.toContain('Carnet de bord');
		expect(await (await get('/sitemap.xml')).text()).not.toContain('/public/carnet-de-bord');
		expect((await get('/public/inconnu')).status).toBe(404);
	});
});
