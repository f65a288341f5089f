/**
 * Preloaded in the converter process (`--import`): any attempt to open a connection or resolve a
 * name throws. Belt and braces beside the network namespace: a converter library that tried to
 * fetch an image by URL would fail here even where namespaces are not available.
 */
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';

const refuse = () => {
	throw new Error('network access is disabled in the converter');
};

net.Socket.prototype.connect = refuse as never;
net.connect = refuse as never;
net.createConnection = refuse as never;
tls.connect = refuse as never;
http.request = refuse as never;
http.get = refuse as never;
https.request = refuse as never;
https.get = refuse as never;
dns.lookup = refuse as never;
dns.promises.lookup = refuse as never;
globalThis.fetch = refuse as never;
