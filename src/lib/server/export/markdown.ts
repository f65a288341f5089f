/** Markdown export of the block model (CommonMark + GFM tables), text escaped. */
import type { ExportAssets, ExportBlock, ExportDocument, ExportLabels, Inline } from './model';

/**
 * Escapes only what Markdown would read as syntax: characters that open emphasis, code, links,
 * HTML or strikethrough anywhere, an entity-looking `&`, `|` in table cells. "Saint-Affrique",
 * "(voir p. 3)" or "1,5 %" stay as written.
 */
export function escapeMarkdown(text: string, options: { table?: boolean } = {}): string {
	let out = text.replace(/([\\`*_[\]<>~])/g, '\\$1').replace(/&(?=#?\w+;)/g, '\\&');
	if (options.table) out = out.replace(/\|/g, '\\|');
	return out;
}

/**
 * What would open a block at the start of a line: a heading (`# `), a quote, a list item (`- `,
 * `+ `, `1. `), a rule or a setext underline. Escaped there only.
 */
export function escapeLineStarts(text: string): string {
	return text
		.split('\n')
		.map((line) =>
			line
				.replace(/^(\s*)([#>+-])(?=\s|$)/, '$1\\$2')
				.replace(/^(\s*)(\d{1,9})([.)])(?=\s|$)/, '$1$2\\$3')
				.replace(/^(\s*)(?=(?:[-=]\s*){2,}$)/, '$1\\')
		)
		.join('\n');
}

function inline(parts: Inline[]): string {
	return parts
		.map((part) => {
			if (part.text === '\n') return '  \n';
			// Emphasis markers must touch the text: keep surrounding spaces outside them.
			const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(part.text) ?? [];
			if (!core) return part.text;
			let text = escapeMarkdown(core);
			if (part.strike) text = `~~${text}~~`;
			if (part.bold) text = `**${text}**`;
			if (part.italic) text = `*${text}*`;
			if (part.href) text = `[${text}](<${part.href.replace(/[<>]/g, encodeURIComponent)}>)`;
			return lead + text + trail;
		})
		.join('');
}

function cell(text: string): string {
	return escapeMarkdown(text, { table: true }).replace(/\n/g, ' ') || ' ';
}

function block(b: ExportBlock, assets: ExportAssets | undefined, indent = ''): string {
	switch (b.type) {
		case 'heading':
			return `${'#'.repeat(b.level)} ${inline(b.inlines)}`;
		case 'paragraph':
			return indent + escapeLineStarts(inline(b.inlines));
		case 'list':
			return b.items
				.map((item, i) => {
					const box = b.checked ? (b.checked[i] ? '[x] ' : '[ ] ') : '';
					const marker = (b.ordered ? `${i + 1}. ` : '- ') + box;
					const [first, ...rest] = item.map((x) => block(x, assets, indent + '   '));
					return `${indent}${marker}${(first ?? '').trimStart()}${rest.map((r) => `\n${r}`).join('')}`;
				})
				.join('\n');
		case 'quote':
			return b.blocks
				.map((x) => block(x, assets))
				.join('\n\n')
				.split('\n')
				.map((line) => `> ${line}`)
				.join('\n');
		case 'rule':
			return '---';
		case 'image': {
			const src = assets?.images[b.key]?.src;
			return src
				? `${indent}![${escapeMarkdown(b.alt)}](<${src}>)`
				: `${indent}${escapeMarkdown(b.alt)}`;
		}
		case 'file': {
			const href = assets?.files[b.key]?.href;
			return href
				? `${indent}[${escapeMarkdown(b.name)}](<${href}>)`
				: `${indent}${escapeMarkdown(b.name)}`;
		}
		case 'table': {
			const width = Math.max(b.header?.length ?? 0, ...b.rows.map((r) => r.length), 1);
			const pad = (row: string[]) => [...row, ...Array(width - row.length).fill('')];
			// GFM needs a header row: a table without one leads with its first row.
			const [first, ...rest] = b.header ? [b.header, ...b.rows] : b.rows;
			const header = pad(first ?? []);
			const lines = [
				`| ${header.map(cell).join(' | ')} |`,
				`| ${header.map(() => '---').join(' | ')} |`,
				...rest.map((row) => `| ${pad(row).map(cell).join(' | ')} |`),
				...(b.footer
					? [
							`| ${pad(b.footer)
								.map((c) => (c ? `**${cell(c)}**` : ' '))
								.join(' | ')} |`
						]
					: [])
			];
			return (b.title ? `**${escapeMarkdown(b.title)}**\n\n` : '') + lines.join('\n');
		}
	}
}

export function toMarkdown(doc: ExportDocument, labels: ExportLabels): string {
	const front = [
		`# ${escapeMarkdown(doc.title)}`,
		'',
		`- ${labels.experiment} : ${escapeMarkdown(doc.experiment)}`,
		`- ${labels.territory} : ${escapeMarkdown(doc.territory)}`,
		`- ${labels.version} : ${escapeMarkdown(doc.versionLabel)}`,
		`- ${labels.date} : ${escapeMarkdown(doc.date)}`
	].join('\n');
	const body = doc.blocks.map((b) => block(b, doc.assets)).join('\n\n');
	let appendix = '';
	if (doc.comments?.length) {
		appendix =
			`\n\n---\n\n## ${escapeMarkdown(labels.comments)}\n\n` +
			doc.comments
				.map((c) => {
					const head = `> ${escapeMarkdown(c.quote)}`;
					const suggestion =
						c.kind === 'suggestion'
							? `\n\n*${escapeMarkdown(labels.suggestion)}* : ${escapeMarkdown(c.replacement)}`
							: '';
					const messages = c.messages
						.map(
							(m) =>
								`- **${escapeMarkdown(m.author)}** (${escapeMarkdown(m.date)}) : ${escapeMarkdown(m.body)}`
						)
						.join('\n');
					return `${head}${suggestion}\n\n${messages}`;
				})
				.join('\n\n');
	}
	return `${front}\n\n${body}${appendix}\n`;
}
