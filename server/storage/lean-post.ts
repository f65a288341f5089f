/**
 * A JSON POST to PocketBase on a kept-alive `node:http` connection, for the storage route that
 * runs all the time (row appends: about ten requests a second per document being typed in). The
 * SDK's `pb.send` goes through `fetch` (undici), whose per-request work on the server's core was
 * a visible share of a keystroke's CPU in the S1 profile. Any answer but a success or a refused
 * row goes through `pb.send` again, so the superuser session's renewal (superuser.ts) and its
 * error mapping stay in one place; a refusal comes back as the SDK's `ClientResponseError`.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';

interface Answer {
	status: number;
	body: unknown;
}

export class LeanPoster {
	private readonly base: URL;
	private readonly agent: HttpAgent;
	private readonly request: typeof httpRequest;

	constructor(
		private readonly pb: PocketBase,
		private readonly timeoutMs: number
	) {
		this.base = new URL(pb.baseURL);
		const secure = this.base.protocol === 'https:';
		this.agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
		this.request = secure ? httpsRequest : httpRequest;
	}

	/**
	 * POSTs `body` to `path`; resolves with the parsed answer. Throws a `ClientResponseError`
	 * like `pb.send` (status 0 when PocketBase could not be reached).
	 */
	async post<T>(path: string, body: unknown): Promise<T> {
		const url = new URL(path, this.base);
		let answer: Answer | null = null;
		try {
			answer = await this.send(url, JSON.stringify(body), this.pb.authStore.token);
		} catch {
			// A kept-alive connection PocketBase closed meanwhile, or PocketBase unreachable: the
			// SDK's path tries once more on a connection of its own (a row that was committed
			// after all is only stored twice, which Yjs ignores) or reports the failure.
		}
		if (answer === null) return this.viaSdk<T>(path, body);
		if (answer.status >= 200 && answer.status < 300) return answer.body as T;
		if (answer.status === 400 && answer.body !== null && typeof answer.body === 'object') {
			// Nothing was committed; the caller reads which row was refused.
			throw new ClientResponseError({ url: url.href, status: 400, response: answer.body });
		}
		// A dead session (401/403, or 404 as a guest), a rate limit or a server error: the SDK's
		// path renews the session and retries once, or reports the failure as it always does.
		return this.viaSdk<T>(path, body);
	}

	private viaSdk<T>(path: string, body: unknown): Promise<T> {
		return this.pb.send<T>(path, {
			method: 'POST',
			body: body as Record<string, unknown>,
			requestKey: null,
			signal: AbortSignal.timeout(this.timeoutMs)
		});
	}

	/** Closes the kept-alive connections. */
	destroy(): void {
		this.agent.destroy();
	}

	private send(url: URL, payload: string, token: string): Promise<Answer> {
		return new Promise((resolve, reject) => {
			const headers: Record<string, string | number> = {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(payload)
			};
			if (token) headers.authorization = token;
			const request = this.request(url, { method: 'POST', agent: this.agent, headers });
			const timer = setTimeout(
				() => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)),
				this.timeoutMs
			);
			request.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			request.on('response', (response: IncomingMessage) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('error', (error) => {
					clearTimeout(timer);
					reject(error);
				});
				response.on('end', () => {
					clearTimeout(timer);
					let body: unknown = null;
					try {
						body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
					} catch {
						// Not JSON (a proxy's error page): the status decides.
					}
					resolve({ status: response.statusCode ?? 0, body });
				});
			});
			request.end(payload);
		});
	}
}
