import { describe, expect, it } from 'vitest';
import { startChunkNamer, type ModuleNode, type StartGroup } from './start-chunk';

// A module graph as Rolldown describes it: id → static imports and transformed code.
type Graph = Record<string, { imports?: string[]; code?: string; entry?: boolean }>;

const graph: Graph = {
	'/app.js': { imports: ['/layout.svelte'], entry: true },
	'/layout.svelte': { imports: ['/svelte', '/lib/paraglide/messages.js'], code: 'm.nav_home()' },
	'/doc.svelte': {
		imports: [
			'/svelte',
			'/lib/paraglide/messages.js',
			'/lib/limits.ts',
			'/lib/format.ts',
			'/lib/big.ts'
		],
		code: 'm.doc_title() m.shared_save()'
	},
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
	// Small, but imports a large module: grouping it would make the group import that chunk.
	'/lib/format.ts': { imports: ['/svelte'], code: 'f' },
	'/lib/big.ts': { code: 'x'.repeat(20_000) },
	'/lazy.svelte': { imports: ['/lib/lazy-helper.ts'] },
	'/lib/lazy-helper.ts': { code: 'h' }
};

const groups: StartGroup[] = [
	{ name: 'layout-start', roots: ['/app.js'] },
	{ name: 'document-start', roots: ['/doc.svelte'], unlessLoadedBy: ['/other.svelte'] },
	{ name: 'document-shared', roots: ['/doc.svelte'] }
];

function namer() {
	const info = (id: string): ModuleNode | null => {
		const node = graph[id];
		if (!node) return null;
		return { importedIds: node.imports ?? [], isEntry: node.entry ?? false, code: node.code ?? '' };
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
		['a large module', '/lib/big.ts', null],
		['a module only a lazy component imports', '/lib/lazy-helper.ts', null],
		['a root', '/doc.svelte', null],
		['an entry', '/app.js', null],
		['an unknown module', '/nowhere.js', null]
	])('%s', (_case, id, expected) => {
		expect(namer()(id)).toBe(expected);
	});
});
