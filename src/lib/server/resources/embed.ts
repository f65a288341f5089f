/**
 * The embeddable list (`/ressources/integrer`): a small self-contained HTML page, no script, that
 * an organisation's WordPress site includes in an iframe. Only this page may be framed by another
 * site (hooks.server.ts leaves out X-Frame-Options for it; its CSP says `frame-ancestors *`).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { filtersQuery, type ResourceFilters } from '$lib/domain/resources';
import { catalogueView } from './catalogue-page';

export const EMBED_PATH = '/ressources/integrer';
const EMBED_LIMIT = 20;

export const EMBED_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

const escape = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

const STYLE = `
:root { color-scheme: light dark; --text: #1b1f24; --muted: #4f5863; --link: #1f4e79; --border: #d5dae1; --bg: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --text: #e8ecf1; --muted: #b3bcc6; --link: #9cc6f0; --border: #3a444f; --bg: #1b2128; } }
body { margin: 0; padding: 0.5rem; font: 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--text); background: var(--bg); }
h1 { font-size: 1.2rem; margin: 0 0 0.75rem; }
ol { list-style: none; margin: 0; padding: 0; }
li { padding: 0.75rem 0; border-top: 1px solid var(--border); }
a { color: var(--link); }
a:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
h2 { font-size: 1.05rem; margin: 0 0 0.25rem; }
p { margin: 0.25rem 0 0; }
.meta { color: var(--muted); font-size: 0.9rem; }
.more { margin-top: 0.75rem; }
`;

export async function embedResponse(filters: ResourceFilters, origin: string): Promise<Response> {
	const view = await catalogueView(filters, origin);
	const items = view.items.slice(0, EMBED_LIMIT);
	const list = items
		.map(
			(
				item
			) => `<li><h2><a href="${escape(`${origin}/public/${item.slug}`)}" target="_top">${escape(item.title)}</a></h2>
<p class="meta">${escape([item.kind, item.experiment, item.territory].filter(Boolean).join(' · '))}</p>
${item.summary ? `<p>${escape(item.summary)}</p>` : ''}
<p class="meta"><time datetime="${item.datetime}">${escape(m.labo_published_on({ date: item.date }))}</time> · ${escape(m.labo_licence({ name: item.licence.name }))}</p></li>`
		)
		.join('\n');
	const empty = view.total === 0 ? m.labo_catalogue_empty() : m.labo_results_none();
	const html = `<!doctype html>
<html lang="${getLocale()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(m.labo_embed_list_title())} — ${escape(m.labo_publisher())}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escape(m.labo_embed_list_title())}</h1>
${items.length > 0 ? `<ol>\n${list}\n</ol>` : `<p>${escape(empty)}</p>`}
<p class="more"><a href="${escape(`${origin}/ressources${filtersQuery(filters)}`)}" target="_top">${escape(m.labo_embed_more())}</a></p>
</main>
</body>
</html>
`;
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': EMBED_CSP,
			'x-robots-tag': 'noindex',
			'cache-control': 'public, max-age=300'
		}
	});
}
