/**
 * Fewer files before the document page can start (S3B): its small self-contained modules in one
 * chunk, and the root layout's in another.
 *
 * Rolldown gives every set of routes and lazy panels sharing a module its own chunk, so opening
 * `/documents/[id]` asked for 42 script files, 36 of them under 2 KB gzip (mostly one Paraglide
 * message each), over the browser's 6 connections to the server that is at the same time
 * answering the page's collaboration socket. Grouped here: a module that a group's roots import
 * statically (directly or not; messages by use), is small, and imports only modules that are
 * grouped too (messages, Paraglide's runtime, constants, pure helpers). So a group's chunk only
 * imports group chunks: no cycle between chunks, nothing lazy loaded earlier, and the large shared
 * chunks (Svelte, SvelteKit, TipTap, the components) keep Rolldown's placement. A route that uses
 * one of the document's messages loads the document's group chunk (a few KB).
 */

/** What the grouping reads of a module (Rolldown's `ModuleInfo`). */
export interface ModuleNode {
	/** Static imports only: what is imported dynamically is loaded later. */
	importedIds: readonly string[];
	isEntry: boolean;
	code: string | null;
}

export interface StartGroup {
	name: string;
	/** Absolute module ids (relative to the project in START_GROUPS). */
	roots: readonly string[];
	/** Modules these roots load too are left out (other pages then need not load this chunk). */
	unlessLoadedBy?: readonly string[];
}

/** A module goes to the first group that loads it: other pages never load the document's. */
export const START_GROUPS: readonly StartGroup[] = [
	{
		name: 'layout-start',
		roots: ['.svelte-kit/generated/client-optimized/app.js', 'src/routes/+layout.svelte']
	},
	{
		name: 'document-start',
		roots: ['src/routes/documents/[id]/+page.svelte'],
		unlessLoadedBy: ['<other pages>']
	},
	// What the document shares with other pages (messages mostly): one chunk they load too.
	{ name: 'document-shared', roots: ['src/routes/documents/[id]/+page.svelte'] }
];

/** Stands for every other page's component in START_GROUPS (listed by the build's config). */
export const OTHER_PAGES = '<other pages>';

/** Modules larger than this (transformed source, bytes) keep Rolldown's placement. */
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
	const selfContained = new Map<string, boolean>();
	const isSelfContained = (id: string): boolean => {
		const known = selfContained.get(id);
		if (known !== undefined) return known;
		selfContained.set(id, true); // a cycle of small modules is grouped whole
		const info = moduleInfo(id);
		const result =
			info !== null &&
			!info.isEntry &&
			!roots.has(id) &&
			((info.code?.length ?? Infinity) <= maxBytes || SMALL_WHEN_BUILT.test(id)) &&
			importsOf(info).every((next) => moduleInfo(next) === null || isSelfContained(next));
		selfContained.set(id, result);
		return result;
	};
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
	let loaded: { name: string; modules: Set<string>; elsewhere: Set<string> }[] | null = null;
	return (id) => {
		if (!isSelfContained(id)) return null;
		loaded ??= groups.map(({ name, roots, unlessLoadedBy }) => ({
			name,
			modules: closure(roots),
			elsewhere: closure(unlessLoadedBy ?? [])
		}));
		return (
			loaded.find(({ modules, elsewhere }) => modules.has(id) && !elsewhere.has(id))?.name ?? null
		);
	};
}
