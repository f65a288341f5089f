/**
 * Reference 1: the plain y-websocket server (@y/websocket-server), in memory, no auth, no
 * persistence — its own `setupWSConnection`, started on a free port. Prints one JSON line
 * `{"event":"listening","port":…}` once it listens.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
	response.writeHead(200, { 'content-type': 'text/plain' });
	response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	console.log(JSON.stringify({ event: 'listening', port: server.address().port }));
});
