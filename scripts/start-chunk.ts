/**
 * Fewer files before the document page can start (S3B): its small self-contained modules in one
 * chunk, and the root layout's in another.
 *
 * Rolldown gives every set of routes and lazy panels sharing a module its own chunk, so opening
 * `/documents/[id]` asked for 42 script files, 36 of them under 2 KB gzip (mostly one Paraglide
 * message each), over the browser's 6 connections to the server that is at the same time
 * answering the page's collaboration socket. Grouped here: a module that a group's roots import
 * statically (directly or not; messages by use), is small, and imports only modules that are
 * grouped too (messages, Paraglide's runtime, constants, pure helpers) or that every page loading
 * the group has loaded first (`after`: SvelteKit's client and Svelte; for the document's groups,
 * the root layout too), and has no lazy import. So small components (`LiveAnnouncer`,
 * `ProgressStatus`, `$app/state`…) join their group too: every page loading that chunk has loaded
 * what it imports, and the layout's modules never import the document's, so no cycle between
 * chunks (the build checks it: `chunkCycle`), nothing lazy loaded earlier, and the large shared
 * chunks (Svelte, SvelteKit, TipTap) keep Rolldown's placement. A route that uses one of the document's messages loads the
 * document's group chunk (a few KB).
 */

/** What the grouping reads of a module (Rolldown's `ModuleInfo`). */
export interface ModuleNode {
	/** Static imports only: what is imported dynamically is loaded later. */
	importedIds: readonly string[];
	/** Lazy imports: a module with some is never grouped (see `startChunkNamer`). */
	dynamicallyImportedIds?: readonly string[];
	isEntry: boolean;
	code: string | null;
}

export interface StartGroup {
	name: string;
	/** Absolute module ids (relative to the project in START_GROUPS). */
	roots: readonly string[];
	/** Modules these roots load too are left out (other pages then need not load this chunk). */
	unlessLoadedBy?: readonly string[];
	/**
	 * Roots that every page loading this group's chunk has loaded before (the root layout): their
	 * modules may be imported by the group's. Other imports must be grouped too.
	 */
	after?: readonly string[];
}

/** SvelteKit's client (with Svelte's runtime): what every page loads before the app's code. */
const KIT = 'node_modules/@sveltejs/kit/src/runtime/client/entry.js';
/** The app's entry and the root layout: what every page loads before its own code. */
const LAYOUT = ['.svelte-kit/generated/client-optimized/app.js', 'src/routes/+layout.svelte'];

/** A module goes to the first group that loads it: other pages never load the document's. */
export const START_GROUPS: readonly StartGroup[] = [
	{
		name: 'layout-start',
		roots: LAYOUT,
		after: [KIT]
	},
	{
		name: 'document-start',
		roots: ['src/routes/documents/[id]/+page.svelte'],
		unlessLoadedBy: ['<other pages>'],
		after: [KIT, ...LAYOUT]
	},
	// What the document shares with other pages (messages mostly): one chunk they load too.
	{
		name: 'document-shared',
		roots: ['src/routes/documents/[id]/+page.svelte'],
		after: [KIT, ...LAYOUT]
	}
];

/** Stands for every other page's component in START_GROUPS (listed by the build's config). */
export const OTHER_PAGES = '<other pages>';

/** Modules larger than this (transformed source without comments, bytes) keep Rolldown's placement. */
export const START_CHUNK_MAX_MODULE_BYTES = 8 * 1024;

/**
 * Paraglide's barrel re-exports every message (one module each, 1 800+) and Rolldown keeps only
 * those the code calls: following the barrel would group them all. Messages are followed by use
 * instead, `m.<key>` in the importing module's code.
 */
const MESSAGES_BARREL = /[\\/]paraglide[\\/]messages\.js$/;
const MESSAGE_CALL = /\bm\.([A-Za-z_$][\w$]*)/g;
/** Paraglide's runtime: 80 KB of source (comments), 2.8 KB minified; every page loads it. */
const SMALL_WHEN_BUILT = /[\\/]paraglide[\\/]runtime\.js$/;

/**
 * Rough size of a module's code: block and line comments left out (a pure helper documented at
 * length, like i18n/format.ts, is 11 KB of source for 1.4 KB gzip built). Approximate on purpose:
 * a `//` inside a string only makes a module look smaller than it is, by that line.
 */
export function codeSize(code: string): number {
	return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').length;
}

/** Static imports of `info`, the messages barrel replaced by the messages called. */
function importsOf(info: ModuleNode): string[] {
	return info.importedIds.flatMap((imported) =>
		MESSAGES_BARREL.test(imported)
			? [...(info.code ?? '').matchAll(MESSAGE_CALL)].map(
					([, key]) => `${imported.slice(0, -'.js'.length)}/${key}.js`
				)
			: [imported]
	);
}

/**
 * Chunk namer for a Rolldown `codeSplitting` group: the name of the first group whose roots load
 * `id`, when `id` is small and self-contained (see above); null leaves it where Rolldown puts it.
 * Computed at the first call, once the module graph is complete.
 */
export function startChunkNamer(
	moduleInfo: (id: string) => ModuleNode | null,
	groups: readonly StartGroup[],
	maxBytes = START_CHUNK_MAX_MODULE_BYTES
): (id: string) => string | null {
	const roots = new Set(
		groups.flatMap((group) => [...group.roots, ...(group.unlessLoadedBy ?? [])])
	);
	const closure = (rootIds: readonly string[]) => {
		const seen = new Set<string>(rootIds);
		const queue = [...rootIds];
		for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
			const info = moduleInfo(id);
			for (const next of info ? importsOf(info) : [])
				if (!seen.has(next) && moduleInfo(next)) {
					seen.add(next);
					queue.push(next);
				}
		}
		return seen;
	};
	/** Whether `id` may go to a group whose chunk is loaded after the modules `loadedFirst`. */
	const groupable = (loadedFirst: Set<string>) => {
		const known = new Map<string, boolean>();
		const test = (id: string): boolean => {
			const cached = known.get(id);
			if (cached !== undefined) return cached;
			known.set(id, true); // a cycle of small modules is grouped whole
			const info = moduleInfo(id);
			const result =
				info !== null &&
				!info.isEntry &&
				!roots.has(id) &&
				// SvelteKit files a chunk's CSS under the first lazy import it meets on its way to
				// the chunk; a group chunk importing lazily what imports the document's group made
				// the page's HTML leave that group's CSS out (a layout shift, writing.test.ts).
				!info.dynamicallyImportedIds?.length &&
				(codeSize(info.code ?? '') <= maxBytes || SMALL_WHEN_BUILT.test(id)) &&
				importsOf(info).every(
					(next) => moduleInfo(next) === null || loadedFirst.has(next) || test(next)
				);
			known.set(id, result);
			return result;
		};
		return test;
	};
	let loaded:
		| {
				name: string;
				modules: Set<string>;
				elsewhere: Set<string>;
				groupable: (id: string) => boolean;
		  }[]
		| null = null;
	return (id) => {
		loaded ??= groups.map(({ name, roots, unlessLoadedBy, after }) => {
			const loadedFirst = closure(after ?? []);
			return {
				name,
				// What the layout loads is the layout's group's, never a later one's.
				modules: new Set([...closure(roots)].filter((module) => !loadedFirst.has(module))),
				elsewhere: closure(unlessLoadedBy ?? []),
				groupable: groupable(loadedFirst)
			};
		});
		const group = loaded.find(({ modules, elsewhere }) => modules.has(id) && !elsewhere.has(id));
		return group?.groupable(id) ? group.name : null;
	};
}

/**
 * A cycle between chunks (names, the first repeated at the end), or null. Chunks that import each
 * other run in an order that depends on which one the page asks for first: the build refuses it.
 */
export function chunkCycle(imports: ReadonlyMap<string, readonly string[]>): string[] | null {
	const state = new Map<string, 'open' | 'done'>();
	const path: string[] = [];
	const visit = (chunk: string): string[] | null => {
		if (state.get(chunk) === 'done') return null;
		if (state.get(chunk) === 'open') return [...path.slice(path.indexOf(chunk)), chunk];
		state.set(chunk, 'open');
		path.push(chunk);
		for (const next of imports.get(chunk) ?? []) {
			const cycle = visit(next);
			if (cycle) return cycle;
		}
		path.pop();
		state.set(chunk, 'done');
		return null;
	};
	for (const chunk of imports.keys()) {
		const cycle = visit(chunk);
		if (cycle) return cycle;
	}
	return null;
}
