import { describe, expect, it } from 'vitest';
import { editorSchema } from './extensions';
import {
	blankTemplate,
	protocolTemplate,
	type ProseMirrorJSON
} from '../domain/templates/protocol';

function collect(node: ProseMirrorJSON, nodes: Set<string>, marks: Set<string>) {
	nodes.add(node.type);
	for (const mark of node.marks ?? []) marks.add(mark.type);
	for (const child of node.content ?? []) collect(child, nodes, marks);
}

describe('editor schema', () => {
	const schema = editorSchema();

	it('builds in Node without a DOM', () => {
		expect(typeof document).toBe('undefined');
		expect(schema.topNodeType.name).toBe('doc');
	});

	it('has the nodes and marks the toolbar uses', () => {
		for (const node of [
			'doc',
			'paragraph',
			'text',
			'heading',
			'bulletList',
			'orderedList',
			'listItem',
			'table',
			'tableRow',
			'tableCell',
			'tableHeader'
		]) {
			expect(schema.nodes[node], node).toBeDefined();
		}
		for (const mark of ['bold', 'italic', 'link']) expect(schema.marks[mark], mark).toBeDefined();
	});

	it('limits headings to levels 1 to 3', () => {
		const heading = (level: number) => ({
			type: 'doc',
			content: [{ type: 'heading', attrs: { level }, content: [{ type: 'text', text: 'x' }] }]
		});
		expect(schema.nodeFromJSON(heading(3)).firstChild?.attrs.level).toBe(3);
		// Heading parses level from HTML only for allowed levels; JSON keeps it, so check the option.
		const headingSpec = schema.nodes.heading!.spec;
		expect(headingSpec.parseDOM?.map((rule) => rule.tag)).toEqual(['h1', 'h2', 'h3']);
	});

	it.each([
		['protocol (fr)', protocolTemplate('fr')],
		['protocol (en)', protocolTemplate('en')],
		['blank', blankTemplate('Compte rendu')]
	])('contains every node and mark of the %s template', (_name, template) => {
		const nodes = new Set<string>();
		const marks = new Set<string>();
		collect(template, nodes, marks);
		for (const node of nodes) expect(schema.nodes[node], node).toBeDefined();
		for (const mark of marks) expect(schema.marks[mark], mark).toBeDefined();
		expect(() => schema.nodeFromJSON(template).check()).not.toThrow();
	});
});
