import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import config from '../../../svelte.config.js';
import { EDITOR_SCHEMA_VERSION } from '$lib/editor/schema-version';
import { COLLAB_PATH, MessageType, SCHEMA_VERSION_PARAM } from './protocol';
import { EARLY_OPEN_SCRIPT } from './early-open-script.js';
import { collabSocketPath, earlyOpenScriptTag, emptySyncRequest } from './early-open';

const DOC = 'doc000000000001';
const USER = 'usr000000000001';

describe('the early opening of a document page', () => {
	it('asks exactly what a provider holding nothing asks first (so it is never asked twice)', () => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.Sync);
		syncProtocol.writeSyncStep1(encoder, new Y.Doc());
		expect(emptySyncRequest()).toEqual(encoding.toUint8Array(encoder));
	});

	it("opens the URL the session's provider opens (so the provider adopts the socket)", () => {
		const provider = new WebsocketProvider(`ws://app.test${COLLAB_PATH}`, DOC, new Y.Doc(), {
			connect: false,
			disableBc: true,
			params: { [SCHEMA_VERSION_PARAM]: String(EDITOR_SCHEMA_VERSION) },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket
		});
		expect(provider.url).toBe(`ws://app.test${collabSocketPath(DOC)}`);
		provider.destroy();
	});

	it('puts the constant script in the page, with the per-document values as data', () => {
		const tag = earlyOpenScriptTag(DOC, USER);
		expect(tag).toBe(
			`<script data-path="/collab/${DOC}?schema=${EDITOR_SCHEMA_VERSION}" ` +
				`data-local="trame-document-${USER}-${DOC}" ` +
				`data-request="${emptySyncRequest().join(',')}">` +
				`${EARLY_OPEN_SCRIPT}</script>`
		);
		expect(earlyOpenScriptTag('"><img src=x onerror=alert(1)>', USER)).toBe('');
		expect(earlyOpenScriptTag(DOC, '"><img src=x onerror=alert(1)>')).toBe('');
	});

	it('is allowed by its hash in the Content-Security-Policy, and nothing else inline is', () => {
		const hash = createHash('sha256').update(EARLY_OPEN_SCRIPT).digest('base64');
		const scripts: string[] = config.kit?.csp?.directives?.['script-src'] ?? [];
		expect(scripts).toEqual(['self', `sha256-${hash}`]);
	});
});
