/**
 * Compares two V8 heap snapshots (see BENCH_HEAP_SNAPSHOT_DIR in memory-probe.mjs): self size
 * and object count per (node type, constructor or name), sorted by growth. Diagnosis tool for S4.
 *
 *   node bench/lib/heap-diff.mjs before.heapsnapshot after.heapsnapshot [--top 40]
 *   node bench/lib/heap-diff.mjs after.heapsnapshot --retainers CollabDocument [--paths 3]
 *   node bench/lib/heap-diff.mjs before.heapsnapshot after.heapsnapshot --new [--top 15]
 *
 * The second form prints, for a few instances of a constructor, the shortest path from the GC
 * roots (weak edges skipped): who keeps them alive. The third groups the objects of `after` that
 * did not exist in `before` (snapshots of one process keep object ids) and shows one retainer
 * path per group: what the process kept from the work done between the two snapshots.
 */
import { readFileSync } from 'node:fs';

function load(path) {
	const raw = JSON.parse(readFileSync(path, 'utf8'));
	const meta = raw.snapshot.meta;
	const nodeFields = meta.node_fields;
	const edgeFields = meta.edge_fields;
	return {
		nodes: raw.nodes,
		edges: raw.edges,
		strings: raw.strings,
		nodeTypes: meta.node_types[0],
		edgeTypes: meta.edge_types[0],
		nf: nodeFields.length,
		ef: edgeFields.length,
		nType: nodeFields.indexOf('type'),
		nName: nodeFields.indexOf('name'),
		nSize: nodeFields.indexOf('self_size'),
		nEdges: nodeFields.indexOf('edge_count'),
		nId: nodeFields.indexOf('id'),
		eType: edgeFields.indexOf('type'),
		eName: edgeFields.indexOf('name_or_index'),
		eTo: edgeFields.indexOf('to_node')
	};
}

/** Group key of a node: strings and code are grouped by type only (their names are content). */
function key(s, i) {
	const type = s.nodeTypes[s.nodes[i + s.nType]];
	const name = s.strings[s.nodes[i + s.nName]];
	if (type === 'string' || type === 'concatenated string' || type === 'sliced string')
		return `(${type})`;
	if (type === 'code') return `(code) ${name.split(' ')[0].slice(0, 40)}`;
	if (type === 'number' || type === 'bigint' || type === 'regexp') return `(${type})`;
	return `${type}: ${name.slice(0, 60)}`;
}

function aggregate(s) {
	const groups = new Map();
	let total = 0;
	for (let i = 0; i < s.nodes.length; i += s.nf) {
		const size = s.nodes[i + s.nSize];
		total += size;
		const k = key(s, i);
		const g = groups.get(k) ?? { count: 0, size: 0 };
		g.count++;
		g.size += size;
		groups.set(k, g);
	}
	return { groups, total, count: s.nodes.length / s.nf };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function diff(aPath, bPath, top) {
	const a = aggregate(load(aPath));
	const b = aggregate(load(bPath));
	console.log(
		`total self size: ${kb(a.total)} → ${kb(b.total)} (${kb(b.total - a.total)}), nodes ${a.count} → ${b.count}`
	);
	const rows = [];
	for (const k of new Set([...a.groups.keys(), ...b.groups.keys()])) {
		const x = a.groups.get(k) ?? { count: 0, size: 0 };
		const y = b.groups.get(k) ?? { count: 0, size: 0 };
		if (x.size !== y.size || x.count !== y.count)
			rows.push({ k, dSize: y.size - x.size, dCount: y.count - x.count, size: y.size });
	}
	rows.sort((p, q) => Math.abs(q.dSize) - Math.abs(p.dSize));
	console.log('Δ self size   Δ count   size after   group');
	for (const r of rows.slice(0, top))
		console.log(
			`${kb(r.dSize).padStart(11)}  ${String(r.dCount).padStart(8)}  ${kb(r.size).padStart(11)}   ${r.k}`
		);
}

function shortestPaths(s) {
	const n = s.nodes.length / s.nf;
	const firstEdge = new Uint32Array(n + 1);
	for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i] + s.nodes[i * s.nf + s.nEdges];
	// BFS from the root (node 0), strong edges only, remembering the parent edge.
	const parent = new Int32Array(n).fill(-1);
	const parentEdge = new Int32Array(n).fill(-1);
	const seen = new Uint8Array(n);
	seen[0] = 1;
	let queue = [0];
	while (queue.length > 0) {
		const next = [];
		for (const node of queue) {
			for (let e = firstEdge[node]; e < firstEdge[node + 1]; e++) {
				const ei = e * s.ef;
				const type = s.edgeTypes[s.edges[ei + s.eType]];
				if (type === 'weak' || type === 'shortcut') continue;
				const to = s.edges[ei + s.eTo] / s.nf;
				if (seen[to]) continue;
				seen[to] = 1;
				parent[to] = node;
				parentEdge[to] = ei;
				next.push(to);
			}
		}
		queue = next;
	}
	return { n, parent, parentEdge, seen };
}

function pathPrinter(s, { parent, parentEdge, seen }) {
	const label = (node) =>
		`${s.nodeTypes[s.nodes[node * s.nf + s.nType]]}:${s.strings[s.nodes[node * s.nf + s.nName]].slice(0, 50)}@${s.nodes[node * s.nf + s.nId]}`;
	const edgeLabel = (ei) => {
		const type = s.edgeTypes[s.edges[ei + s.eType]];
		const raw = s.edges[ei + s.eName];
		return type === 'element' || type === 'hidden' ? `[${raw}]` : `.${s.strings[raw]}`;
	};
	return (node) => {
		const chain = [];
		for (let at = node; at > 0 && parent[at] >= 0; at = parent[at])
			chain.push(`${edgeLabel(parentEdge[at])} → ${label(at)}`);
		console.log(`\n${label(node)}${seen[node] ? '' : ' (reachable through weak edges only)'}`);
		for (const step of chain.reverse().slice(-12)) console.log(`  ${step}`);
	};
}

function retainers(path, name, paths) {
	const s = load(path);
	const print = pathPrinter(s, shortestPaths(s));
	let found = 0;
	for (let node = 0; node < s.nodes.length / s.nf; node++) {
		if (s.strings[s.nodes[node * s.nf + s.nName]] !== name) continue;
		if (found++ < paths) print(node);
	}
	console.log(`\n${found} node(s) named ${name}`);
}

function newObjects(aPath, bPath, top) {
	const before = load(aPath);
	const ids = new Set();
	for (let i = 0; i < before.nodes.length; i += before.nf) ids.add(before.nodes[i + before.nId]);
	const s = load(bPath);
	const groups = new Map();
	for (let node = 0; node < s.nodes.length / s.nf; node++) {
		const i = node * s.nf;
		if (ids.has(s.nodes[i + s.nId])) continue;
		const k = key(s, i);
		const g = groups.get(k) ?? { count: 0, size: 0, sample: node };
		g.count++;
		g.size += s.nodes[i + s.nSize];
		groups.set(k, g);
	}
	const rows = [...groups.entries()].sort((p, q) => q[1].size - p[1].size).slice(0, top);
	const print = pathPrinter(s, shortestPaths(s));
	for (const [k, g] of rows) {
		console.log(`\n== ${k}: ${g.count} new, ${kb(g.size)}; one of them:`);
		print(g.sample);
	}
}

const args = process.argv.slice(2);
const option = (flag, fallback) => {
	const at = args.indexOf(flag);
	return at >= 0 ? args[at + 1] : fallback;
};
const files = args.filter((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (option('--retainers')) retainers(files[0], option('--retainers'), Number(option('--paths', 3)));
else if (files.length === 2 && args.includes('--new'))
	newObjects(files[0], files[1], Number(option('--top', 15)));
else if (files.length === 2) diff(files[0], files[1], Number(option('--top', 40)));
else {
	console.error('usage: heap-diff.mjs a.heapsnapshot b.heapsnapshot [--top N]');
	console.error('       heap-diff.mjs a.heapsnapshot --retainers Name [--paths N]');
	process.exit(2);
}
