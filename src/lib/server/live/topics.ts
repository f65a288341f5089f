/**
 * Who may listen to which topic. A topic is `<kind>:<id>`; each feature registers, for its kind,
 * a function answering "may this user read it?" (checked before any byte is streamed).
 * Unknown kinds are refused.
 */

export type TopicAuthorizer = (userId: string, id: string) => Promise<boolean>;

const KEY = Symbol.for('trame.liveTopics');
const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, TopicAuthorizer> };
const authorizers = (holder[KEY] ??= new Map<string, TopicAuthorizer>());

const TOPIC = /^([a-z][a-z_]{0,30}):([a-z0-9]{1,64})$/;

export function parseTopic(topic: string): { kind: string; id: string } | null {
	const match = TOPIC.exec(topic);
	return match ? { kind: match[1]!, id: match[2]! } : null;
}

export function registerTopicKind(kind: string, authorize: TopicAuthorizer): void {
	authorizers.set(kind, authorize);
}

export type TopicAccess = 'ok' | 'invalid' | 'forbidden';

export async function authorizeTopic(userId: string, topic: string): Promise<TopicAccess> {
	const parsed = parseTopic(topic);
	if (!parsed) return 'invalid';
	const authorize = authorizers.get(parsed.kind);
	if (!authorize) return 'invalid';
	return (await authorize(userId, parsed.id)) ? 'ok' : 'forbidden';
}
