import { describe, expect, it } from 'vitest';
import {
	chunkCycle,
	codeSize,
	startChunkNamer,
	type ModuleNode,
	type StartGroup
} from './start-chunk';

// A module graph as Rolldown describes it: id → static imports and transformed code.
type Graph = Record<
	string,
	{ imports?: string[]; lazy?: string[]; code?: string; entry?: boolean }
>;

const graph: Graph = {
	// SvelteKit's client entry: every page loads it (and Svelte) before the app's code.
	'/kit.js': { imports: ['/svelte'], entry: true },
	'/app.js': { imports: ['/layout.svelte'], entry: true },
	'/layout.svelte': {
		imports: ['/svelte', '/lib/paraglide/messages.js', '/lib/announcer.svelte'],
		code: 'm.nav_home()'
	},
	'/lib/announcer.svelte': { imports: ['/svelte'], code: 'a' },
	'/doc.svelte': {
		imports: [
			'/svelte',
			'/lib/paraglide/messages.js',
			'/lib/limits.ts',
			'/lib/format.ts',
			'/lib/big.ts',
			'/lib/status.svelte',
			'/lib/documented.ts',
			'/lib/announcer.svelte',
			'/lib/help.svelte'
		],
		code: 'm.doc_title() m.shared_save()'
	},
	'/lib/help.svelte': { imports: ['/svelte'], lazy: ['/lazy.svelte'], code: 'h' },
	'/lib/status.svelte': { imports: ['/svelte', '/lib/limits.ts'], code: 's' },
	'/lib/documented.ts': {
		code: `/**\n${' * why\n'.repeat(3_000)} */\n// more why\nexport const d = 1`
	},
	'/tiptap': { code: 'x'.repeat(50_000) },
	'/other.svelte': { imports: ['/lib/paraglide/messages.js'], code: 'm.shared_save()' },
	'/svelte': { code: 'x'.repeat(50_000) },
	'/lib/paraglide/messages.js': {
		imports: [
			'/lib/paraglide/messages/nav_home.js',
			'/lib/paraglide/messages/doc_title.js',
			'/lib/paraglide/messages/shared_save.js',
			'/lib/paraglide/messages/unused.js'
		]
	},
	'/lib/paraglide/runtime.js': { code: 'x'.repeat(80_000) },
	'/lib/paraglide/messages/nav_home.js': { imports: ['/lib/paraglide/runtime.js'] },
	'/lib/paraglide/messages/doc_title.js': { imports: ['/lib/paraglide/runtime.js'] },
	'/lib/paraglide/messages/shared_save.js': { imports: ['/lib/paraglide/runtime.js'] },
	'/lib/paraglide/messages/unused.js': { imports: ['/lib/paraglide/runtime.js'] },
	'/lib/limits.ts': { code: 'export const MAX = 1' },
	// Small, but imports a large module the layout does not load: grouping it would make the
	// group's chunk import that one.
	'/lib/format.ts': { imports: ['/tiptap'], code: 'f' },
	'/lib/big.ts': { code: 'x'.repeat(20_000) },
	'/lazy.svelte': { imports: ['/lib/lazy-helper.ts'] },
	'/lib/lazy-helper.ts': { code: 'h' }
};

const groups: StartGroup[] = [
	{ name: 'layout-start', roots: ['/app.js'], after: ['/kit.js'] },
	{
		name: 'document-start',
		roots: ['/doc.svelte'],
		unlessLoadedBy: ['/other.svelte'],
		after: ['/kit.js', '/app.js']
	},
	{ name: 'document-shared', roots: ['/doc.svelte'], after: ['/kit.js', '/app.js'] }
];

function namer() {
	const info = (id: string): ModuleNode | null => {
		const node = graph[id];
		if (!node) return null;
		return {
			importedIds: node.imports ?? [],
			dynamicallyImportedIds: node.lazy ?? [],
			isEntry: node.entry ?? false,
			code: node.code ?? ''
		};
	};
	return startChunkNamer(info, groups);
}

describe('start-up chunk groups', () => {
	it.each([
		['a message the layout calls', '/lib/paraglide/messages/nav_home.js', 'layout-start'],
		[
			'the runtime the layout loads (large source, small built)',
			'/lib/paraglide/runtime.js',
			'layout-start'
		],
		['a message only the document calls', '/lib/paraglide/messages/doc_title.js', 'document-start'],
		[
			'a message another page calls too',
			'/lib/paraglide/messages/shared_save.js',
			'document-shared'
		],
		['a message nobody calls', '/lib/paraglide/messages/unused.js', null],
		['a small self-contained module of the document', '/lib/limits.ts', 'document-start'],
		['a small module importing a large one', '/lib/format.ts', null],
		// Failed on the former rule (only modules importing grouped ones were grouped):
		[
			"a small component of the document importing Svelte and the document's",
			'/lib/status.svelte',
			'document-start'
		],
		['a small component of the layout importing Svelte', '/lib/announcer.svelte', 'layout-start'],
		['a module long by its comments only', '/lib/documented.ts', 'document-start'],
		['what SvelteKit loads first (Svelte)', '/svelte', null],
		['a small component with a lazy import', '/lib/help.svelte', null],
		['a large module', '/lib/big.ts', null],
		['a module only a lazy component imports', '/lib/lazy-helper.ts', null],
		['a root', '/doc.svelte', null],
		['an entry', '/app.js', null],
		['an unknown module', '/nowhere.js', null]
	])('%s', (_case, id, expected) => {
		expect(namer()(id)).toBe(expected);
	});
});

describe('code size', () => {
	it.each([
		['code only', 'export const a = 1;', 19],
		['a block comment', '/** why */\nexport const a = 1;', 20],
		['line comments', '// why\n\t// and why\nexport const a = 1;', 21]
	])('%s', (_case, code, expected) => {
		expect(codeSize(code)).toBe(expected);
	});
});

describe('chunk cycles', () => {
	it.each([
		['none', { a: ['b', 'c'], b: ['c'], c: [] }, null],
		['two chunks', { a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
		[
			'through a third',
			{ app: ['group'], group: ['svelte'], svelte: ['group'] },
			['group', 'svelte', 'group']
		],
		['a chunk importing itself', { a: ['a'] }, ['a', 'a']],
		['an import outside the bundle', { a: ['elsewhere'] }, null]
	])('%s', (_case, imports: Record<string, string[]>, expected) => {
		expect(chunkCycle(new Map(Object.entries(imports)))).toEqual(expected);
	});
});
