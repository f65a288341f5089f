/**
 * JavaScript weight of one page of the production build: the client entry (start + app) and
 * the route's layout and page nodes with every chunk they import statically, gzip-compressed
 * (level 9), read from a SvelteKit output directory (`.svelte-kit/output` after `vite build`).
 * Chunks the page only imports dynamically are reported apart (loaded later, if at all).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleChunk {
	file: string;
	gzipBytes: number;
}

export interface BundleResult {
	route: string;
	/** Gzip bytes of the JavaScript loaded up front by the route. */
	gzipBytes: number;
	rawBytes: number;
	chunks: number;
	/** Largest first. */
	largest: BundleChunk[];
	/** Gzip bytes of chunks reachable only through dynamic imports. */
	lazyGzipBytes: number;
}

interface ManifestEntry {
	file: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
}

const NODE_KEY = (index: number) => `.svelte-kit/generated/client-optimized/nodes/${index}.js`;

/** Returns null when `outputDir` holds no client build. */
export function measureRouteBundle(outputDir: string, route: string): BundleResult | null {
	const manifestPath = join(outputDir, 'client', '.vite', 'manifest.json');
	const serverManifestPath = join(outputDir, 'server', 'manifest.js');
	if (!existsSync(manifestPath) || !existsSync(serverManifestPath)) return null;
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestEntry>;
	const nodes = routeNodes(readFileSync(serverManifestPath, 'utf8'), route);

	const eager = new Set<string>();
	const visit = (key: string) => {
		if (eager.has(key)) return;
		const entry = manifest[key];
		if (!entry) throw new Error(`bundle: ${key} is not in the client manifest`);
		eager.add(key);
		for (const child of entry.imports ?? []) visit(child);
	};
	// The client's entries (start, app); nodes are entries too but only the route's are loaded.
	for (const [key, entry] of Object.entries(manifest))
		if (entry.isEntry && !key.includes('/nodes/')) visit(key);
	for (const index of nodes) visit(NODE_KEY(index));

	const lazy = new Set<string>();
	for (const key of eager)
		for (const dynamic of manifest[key]!.dynamicImports ?? [])
			if (!eager.has(dynamic) && !dynamic.includes('/nodes/')) lazy.add(dynamic);

	const sizes = (keys: Set<string>) =>
		[...keys]
			.map((key) => manifest[key]!.file)
			.filter((file) => file.endsWith('.js'))
			.map((file) => {
				const content = readFileSync(join(outputDir, 'client', file));
				return {
					file,
					raw: content.byteLength,
					gzipBytes: gzipSync(content, { level: 9 }).byteLength
				};
			});
	const loaded = sizes(eager).sort((a, b) => b.gzipBytes - a.gzipBytes);
	return {
		route,
		gzipBytes: loaded.reduce((sum, c) => sum + c.gzipBytes, 0),
		rawBytes: loaded.reduce((sum, c) => sum + c.raw, 0),
		chunks: loaded.length,
		largest: loaded.slice(0, 5).map(({ file, gzipBytes }) => ({ file, gzipBytes })),
		lazyGzipBytes: sizes(lazy).reduce((sum, c) => sum + c.gzipBytes, 0)
	};
}

/** Layout and page node indices of `route` in SvelteKit's generated server manifest. */
function routeNodes(serverManifest: string, route: string): number[] {
	const start = serverManifest.indexOf(`id: ${JSON.stringify(route)}`);
	if (start < 0) throw new Error(`bundle: route ${route} is not in the build`);
	const page = /page: \{ layouts: \[([\d,\s]*)\],[^}]*leaf: (\d+) \}/.exec(
		serverManifest.slice(start, start + 600)
	);
	if (!page) throw new Error(`bundle: route ${route} has no page`);
	const layouts = page[1]!
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map(Number);
	return [...layouts, Number(page[2])];
}
