import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import type { CollabServer } from './server/collab/upgrade';
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import { buildOptions } from './server/config.mjs';
import {
	chunkCycle,
	OTHER_PAGES,
	START_GROUPS,
	startChunkNamer,
	type ModuleNode
} from './scripts/start-chunk.ts';

/**
 * Dev only: the collaboration endpoint on Vite's own HTTP server, so `/collab/<id>` shares the
 * app's origin as in production (its GETs too: the document's state). Only `/collab/` upgrades are taken; Vite's HMR socket is left
 * alone. The server module is loaded through Vite (TypeScript) once the server listens; it reads
 * the same configuration as the production server (server/config.mjs, COLLAB_* tunables included).
 */
function trameCollabDev(): Plugin {
	return {
		name: 'trame-collab-dev',
		apply: 'serve',
		configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer) return; // middleware mode (Vitest): no upgrades to serve
			let collab: Promise<CollabServer | null> | null = null;
			const load = () =>
				(collab ??= server
					.ssrLoadModule('/src/lib/server/dev-collab.ts')
					.then((mod) => {
						const address = httpServer.address();
						const port = typeof address === 'object' && address ? address.port : 5173;
						return (mod as typeof import('./src/lib/server/dev-collab')).collabServerFromEnv(port);
					})
					.catch((error: unknown) => {
						server.config.logger.error(
							`[trame] collaboration endpoint unavailable: ${String(error)}`
						);
						return null;
					}));
			httpServer.once('listening', () => void load());
			httpServer.on('upgrade', (request, socket, head) => {
				if (!request.url?.startsWith('/collab/')) return;
				void load().then((c) => {
					if (!c || !c.handleUpgrade(request, socket, head)) socket.destroy();
				});
			});
			// The document's state over HTTP, as the production server answers it (state-route.ts).
			server.middlewares.use((request, response, next) => {
				if (request.method !== 'GET' || !request.url?.startsWith('/collab/')) return next();
				void load().then((c) => {
					if (!c || !c.handleRequest(request, response)) next();
				});
			});
			httpServer.once('close', () => void collab?.then((c) => c?.close()));
		}
	};
}

/** Browser build only: the document page's small start-up modules in one chunk (scripts/start-chunk.ts). */
function documentStartChunk(): Plugin {
	return {
		name: 'trame-document-start-chunk',
		apply: 'build',
		generateBundle(_options, bundle) {
			if (this.environment.name !== 'client') return;
			const imports = new Map<string, string[]>();
			const names = new Map<string, string>();
			for (const output of Object.values(bundle))
				if (output.type === 'chunk') {
					imports.set(output.fileName, output.imports);
					names.set(output.fileName, `${output.name} (${output.moduleIds.length} modules)`);
				}
			const cycle = chunkCycle(imports);
			if (cycle)
				this.error(`chunks import each other: ${cycle.map((file) => names.get(file)).join(' → ')}`);
		},
		configEnvironment(name) {
			if (name !== 'client') return;
			const absolute = (paths: readonly string[]) =>
				paths.flatMap((path) =>
					path === OTHER_PAGES ? otherPages : [resolve(import.meta.dirname, path)]
				);
			const document = resolve(import.meta.dirname, 'src/routes/documents/[id]/+page.svelte');
			const otherPages = readdirSync(resolve(import.meta.dirname, 'src/routes'), {
				recursive: true,
				encoding: 'utf8'
			})
				.filter((path) => /(^|[\\/])\+(page|layout|error)\.svelte$/.test(path))
				.map((path) => resolve(import.meta.dirname, 'src/routes', path))
				.filter((path) => path !== document);
			const groups = START_GROUPS.map(({ name, roots, unlessLoadedBy, after }) => ({
				name,
				roots: absolute(roots),
				unlessLoadedBy: absolute(unlessLoadedBy ?? []),
				after: absolute(after ?? [])
			}));
			let context: { getModuleInfo(id: string): unknown } | null = null;
			const namer = startChunkNamer(
				(module) => (context?.getModuleInfo(module) ?? null) as ModuleNode | null,
				groups
			);
			return {
				build: {
					rolldownOptions: {
						preserveEntrySignatures: 'allow-extension',
						output: {
							codeSplitting: {
								groups: [
									{
										includeDependenciesRecursively: false,
										name: (id, ctx) => {
											context = ctx;
											return namer(id);
										}
									}
								]
							}
						}
					}
				}
			};
		}
	};
}

export default defineConfig({
	// Diagnostics only (bench/trace-open.ts JS_BY=source): hidden source maps beside the build.
	build: buildOptions().hiddenSourceMaps ? { sourcemap: 'hidden' } : {},
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit(),
		trameCollabDev(),
		documentStartChunk()
	],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: [
						'src/**/*.test.ts',
						'server/**/*.test.ts',
						'scripts/**/*.test.ts',
						'bench/**/*.test.ts'
					],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					// Builds or fetches the PocketBase binary once, before any file starts one.
					globalSetup: ['tests/support/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// Each file starts its own PocketBase and servers; two at a time fits 2 cores.
					maxWorkers: 2
				}
			}
		]
	}
});
