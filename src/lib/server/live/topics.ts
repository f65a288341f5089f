/**
 * Who may listen to which topic. A topic is `<kind>:<id>`; each feature registers, for its kind,
 * a function answering "may this user read it?" (checked before any byte is streamed), and the
 * named views a subscriber may ask for (e.g. a round's `projection`, the room screen's cut).
 * Unknown kinds and views are refused.
 */

export type TopicAuthorizer = (userId: string, id: string) => Promise<boolean>;

interface TopicKind {
	authorize: TopicAuthorizer;
	views: readonly string[];
}

const KEY = Symbol.for('trame.liveTopics');
const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, TopicKind> };
const kinds = (holder[KEY] ??= new Map<string, TopicKind>());

const TOPIC = /^([a-z][a-z_]{0,30}):([a-z0-9]{1,64})$/;

export function parseTopic(topic: string): { kind: string; id: string } | null {
	const match = TOPIC.exec(topic);
	return match ? { kind: match[1]!, id: match[2]! } : null;
}

export function registerTopicKind(
	kind: string,
	authorize: TopicAuthorizer,
	views: readonly string[] = []
): void {
	kinds.set(kind, { authorize, views });
}

export type TopicAccess = 'ok' | 'invalid' | 'forbidden';

/** `view` is the named view asked for (null: the user's own); it must be one the kind offers. */
export async function authorizeTopic(
	userId: string,
	topic: string,
	view: string | null = null
): Promise<TopicAccess> {
	const parsed = parseTopic(topic);
	if (!parsed) return 'invalid';
	const kind = kinds.get(parsed.kind);
	if (!kind || (view !== null && !kind.views.includes(view))) return 'invalid';
	return (await kind.authorize(userId, parsed.id)) ? 'ok' : 'forbidden';
}
