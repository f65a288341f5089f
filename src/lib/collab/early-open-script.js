/**
 * The document page's collaboration socket, opened by a small inline script as soon as the
 * browser parses the page's head: before the page's modules are fetched, evaluated and hydrated
 * (~300 ms before the editor's code could open it, S3B). When the browser holds no local copy of
 * the document (IndexedDB), the script also sends the first sync request (sync step 1 with an
 * empty state vector) as soon as the socket opens, so that the server's answer, the whole
 * document, travels while the page hydrates. It keeps every frame received, in order, for the
 * page's `CollabSession`, which adopts the socket (early-socket.ts) and never repeats the request.
 * With a local copy nothing is sent: the provider's own request carries the local state vector.
 *
 * Plain JavaScript without imports: the text is put in the page as it is (`early-open.ts`), and
 * svelte.config.js allows exactly this text, by its hash, in the Content-Security-Policy. What
 * differs per document comes from the script element's data attributes: `path` (path and query
 * of the socket), `local` (name of the local copy's database), `request` (bytes, comma-separated).
 */

/** Property of `window` where the script leaves the opening for the page's code. */
export const EARLY_OPEN_GLOBAL = '__trameEarlyCollab';

export const EARLY_OPEN_SCRIPT = `(function () {
	var data = document.currentScript && document.currentScript.dataset;
	if (!data || !data.path || !data.local || !data.request || typeof WebSocket !== 'function') return;
	var url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + data.path;
	var request = new Uint8Array(data.request.split(',').map(Number));
	var socket;
	try {
		socket = new WebSocket(url);
	} catch (error) {
		return;
	}
	if (performance.mark) performance.mark('trame:socket');
	socket.binaryType = 'arraybuffer';
	var missing = false;
	var released = false;
	var opening = { url: url, socket: socket, frames: [], sent: null, noLocalCopy: null, release: null };
	var keep = function (event) {
		opening.frames.push(event);
	};
	var send = function () {
		if (released || !missing || opening.sent || socket.readyState !== 1) return;
		socket.send(request);
		opening.sent = request;
	};
	socket.addEventListener('message', keep);
	socket.addEventListener('open', send);
	opening.release = function () {
		released = true;
		socket.removeEventListener('message', keep);
		socket.removeEventListener('open', send);
	};
	opening.noLocalCopy = Promise.resolve()
		.then(function () {
			return indexedDB.databases();
		})
		.then(
			function (databases) {
				missing = !databases.some(function (database) {
					return database.name === data.local;
				});
				send();
				return missing;
			},
			function () {
				return false;
			}
		);
	window.${EARLY_OPEN_GLOBAL} = opening;
})();`;
