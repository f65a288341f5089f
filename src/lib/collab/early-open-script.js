/**
 * The document page's collaboration socket, opened by a small inline script as soon as the
 * browser parses the page's head: before the page's modules are fetched, evaluated and hydrated
 * (~300 ms before the editor's code could open it, S3B). When this browser never held a copy of
 * the document (no marker, below), the script fetches the document's state over HTTP at once; the
 * session applies it and its provider's request then carries the state's vector, so the socket
 * only brings what changed since. When a copy is marked but IndexedDB holds none, the script
 * sends the first sync request (sync step 1 with an empty state vector) as soon as the socket
 * opens, so that the server's answer, the whole document, travels while the page hydrates. It
 * keeps every frame received, in order, for the page's `CollabSession`, which adopts the socket
 * (early-socket.ts) and never repeats the request. With a local copy nothing is fetched or sent:
 * the provider's own request carries the local state vector.
 *
 * Plain JavaScript without imports: the text is put in the page as it is (`early-open.ts`), and
 * svelte.config.js allows exactly this text, by its hash, in the Content-Security-Policy. What
 * differs per document comes from the script element's data attributes: `path` (path and query
 * of the socket), `local` (name of the local copy's database), `request` (bytes, comma-separated).
 */

/**
 * Key prefix (then the local copy's name) of the localStorage entry saying that this browser holds,
 * or may hold, a local copy of a document. Without one the script fetches the document's state
 * over HTTP (the socket's URL without the upgrade, server/collab/state-route.ts) instead of asking
 * on the socket: Chromium hands a large WebSocket message to the page in many small tasks of its
 * main thread, interleaved with the page's start-up, an HTTP body in a few large ones (S3B). The
 * session applies the state before its provider connects, so the provider's own request carries
 * its state vector and the socket brings only what changed since. The session sets the entry
 * before creating the copy; the script keeps it true to IndexedDB on every open. A copy without its
 * entry (made before the entry existed, or the entry cleared alone) only means its state is
 * fetched once more: nothing is lost or sent twice on the socket.
 */
export const LOCAL_COPY_MARKER_PREFIX = 'trame-local-copy:';

/** Property of `window` where the script leaves the opening for the page's code. */
export const EARLY_OPEN_GLOBAL = '__trameEarlyCollab';

export const EARLY_OPEN_SCRIPT = `(function () {
	var data = document.currentScript && document.currentScript.dataset;
	if (!data || !data.path || !data.local || !data.request || typeof WebSocket !== 'function') return;
	var url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + data.path;
	var request = new Uint8Array(data.request.split(',').map(Number));
	var marker = '${LOCAL_COPY_MARKER_PREFIX}' + data.local;
	var fetching = false;
	try {
		fetching = typeof fetch === 'function' && localStorage.getItem(marker) === null;
	} catch (error) {
		fetching = false;
	}
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
	var opening = { url: url, socket: socket, frames: [], sent: null, noLocalCopy: null, state: null, release: null };
	if (fetching)
		opening.state = fetch(data.path, { credentials: 'same-origin', cache: 'no-store' })
			.then(function (response) {
				return response.status === 200 ? response.arrayBuffer() : null;
			})
			.catch(function () {
				return null;
			});
	var keep = function (event) {
		opening.frames.push(event);
	};
	var send = function () {
		if (released || fetching || !missing || opening.sent || socket.readyState !== 1) return;
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
				try {
					if (missing) localStorage.removeItem(marker);
					else localStorage.setItem(marker, '1');
				} catch (error) {}
				send();
				return missing;
			},
			function () {
				return false;
			}
		);
	window.${EARLY_OPEN_GLOBAL} = opening;
})();`;
