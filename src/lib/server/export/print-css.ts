/** Print stylesheet of exported documents (PDF). */
export const PRINT_CSS = `
@page { size: A4; }
body { font-family: Charter, 'Bitstream Charter', Cambria, Georgia, serif; font-size: 11pt; line-height: 1.5; color: #1b1f24; }
.title-page { min-height: 24cm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.title-page h1 { font-family: system-ui, sans-serif; font-size: 26pt; color: #1f4e79; margin-bottom: 1.5cm; }
.title-page dl { display: grid; grid-template-columns: auto auto; justify-content: center; gap: 0.2cm 0.5cm; text-align: left; }
.title-page dt { font-weight: 700; }
.title-page dd { margin: 0; }
h2, h3, h4 { font-family: system-ui, sans-serif; color: #1f4e79; break-after: avoid; }
h2 { font-size: 18pt; } h3 { font-size: 14pt; } h4 { font-size: 12pt; }
table { width: 100%; border-collapse: collapse; margin: 0.3cm 0 0.5cm; font-family: system-ui, sans-serif; font-size: 9.5pt; break-inside: auto; }
caption { text-align: left; font-weight: 700; margin-bottom: 0.15cm; }
th, td { border: 1px solid #8a949f; padding: 0.12cm 0.18cm; vertical-align: top; text-align: left; }
th { background: #e7eef6; }
tr { break-inside: avoid; }
blockquote { border-left: 3px solid #8a949f; margin-left: 0; padding-left: 0.4cm; color: #4f5863; }
a { color: #1f4e79; }
.export-image { margin: 0.3cm 0; break-inside: avoid; }
.export-image img { max-width: 100%; height: auto; }
li.task { list-style: none; }
.task-box { margin-right: 0.15cm; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.comments { break-before: page; }
.change-insert { color: #14632d; text-decoration: underline; text-decoration-thickness: 1.5px; }
.change-delete { color: #9f1c14; text-decoration: line-through; }
.change-author { font-family: system-ui, sans-serif; font-size: 7pt; color: #333; margin-left: 1px; }
.pending-legend { border: 1px solid #999; padding: 0.2cm 0.4cm; margin-bottom: 0.6cm; font-family: system-ui, sans-serif; font-size: 9.5pt; break-inside: avoid; }
.pending-legend h2 { font-size: 11pt; margin: 0 0 0.2cm; }
.pending-legend p { margin: 0.1cm 0; }
.pending-legend dl { display: grid; grid-template-columns: auto 1fr; gap: 0 0.3cm; margin: 0.1cm 0 0; }
.pending-legend dd { margin: 0; }
.comment { break-inside: avoid; margin-bottom: 0.4cm; }
`;
