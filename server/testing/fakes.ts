/**
 * Test doubles for the collaboration server's injected interfaces (unit tests only; integration
 * tests use the real PocketBase).
 */
import type {
	AccessDecision,
	AccessQuery,
	AuthResult,
	Authenticator,
	AuthUser,
	ConnectionAccess
} from '../auth/authenticator';
import type { DocStore, StoredUpdate } from '../storage/doc-store';
import { MemoryStore } from '../storage/memory-store';

/** Tokens map to users; access is set per (user, document). */
export class FakeAuthenticator implements Authenticator {
	private readonly users = new Map<string, AuthUser>();
	private readonly access = new Map<string, ConnectionAccess>();
	readonly documents = new Set<string>();
	calls = 0;
	recheckCalls = 0;

	addUser(token: string, user: AuthUser): void {
		this.users.set(token, user);
	}

	grant(userId: string, documentName: string, access: ConnectionAccess | null): void {
		this.documents.add(documentName);
		const key = `${userId}/${documentName}`;
		if (access === null) this.access.delete(key);
		else this.access.set(key, access);
	}

	async authenticate(token: string, documentName: string): Promise<AuthResult> {
		this.calls++;
		const user = this.users.get(token);
		if (!user) return { kind: 'unauthenticated' };
		const decision = this.decide(user.id, documentName);
		if (decision.kind === 'granted') return { kind: 'granted', user, access: decision.access };
		return { kind: decision.kind, user };
	}

	async recheckMany(queries: readonly AccessQuery[]): Promise<AccessDecision[]> {
		this.recheckCalls++;
		return queries.map((query) => this.decide(query.userId, query.documentName));
	}

	private decide(userId: string, documentName: string): AccessDecision {
		if (!this.documents.has(documentName)) return { kind: 'not_found' };
		const access = this.access.get(`${userId}/${documentName}`);
		return access ? { kind: 'granted', access } : { kind: 'forbidden' };
	}
}

/** A MemoryStore whose writes can be held, failed and counted. */
export class ControlledStore implements DocStore {
	/** Several stores may share one memory: instances of a cluster share one database. */
	constructor(readonly memory: MemoryStore = new MemoryStore()) {}

	appends = 0;
	compactions = 0;
	loads = 0;
	/** While true, writes wait for `release()`. */
	holding = false;
	/** While > 0, that many next writes fail. */
	failNext = 0;
	/** While true, every write fails. */
	failing = false;
	loadDelayMs = 0;
	private held: (() => void)[] = [];

	hold(): void {
		this.holding = true;
	}

	release(): void {
		this.holding = false;
		const held = this.held;
		this.held = [];
		for (const go of held) go();
	}

	get heldCount(): number {
		return this.held.length;
	}

	async load(documentName: string): Promise<StoredUpdate[]> {
		this.loads++;
		if (this.loadDelayMs > 0) await new Promise((r) => setTimeout(r, this.loadDelayMs));
		return this.memory.load(documentName);
	}

	async append(documentName: string, update: Uint8Array): Promise<string> {
		await this.gate();
		this.appends++;
		return this.memory.append(documentName, update);
	}

	async compact(
		documentName: string,
		snapshot: Uint8Array,
		replacedIds: readonly string[]
	): Promise<string> {
		await this.gate();
		this.compactions++;
		return this.memory.compact(documentName, snapshot, replacedIds);
	}

	private async gate(): Promise<void> {
		if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
		if (this.failing) throw new Error('storage down (test)');
		if (this.failNext > 0) {
			this.failNext--;
			throw new Error('storage hiccup (test)');
		}
	}
}
