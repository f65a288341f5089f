/**
 * @mentions in review comments: which members a body mentions, and the autocomplete of the
 * `@partial` being typed at the caret. Members are passed in; nothing is looked up here.
 */

export interface Member {
	userId: string;
	name: string;
}

function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
}

/** Ids of the members whose `@Name` appears in the body (each once, in member order). */
export function mentionedMembers(body: string, members: readonly Member[]): string[] {
	const ids: string[] = [];
	for (const member of members) {
		const needle = `@${member.name}`;
		let from = 0;
		while (from <= body.length) {
			const at = body.indexOf(needle, from);
			if (at < 0) break;
			const before = at === 0 ? ' ' : body[at - 1]!;
			if (/\s|\(/.test(before)) {
				ids.push(member.userId);
				break;
			}
			from = at + 1;
		}
	}
	return ids;
}

export interface MentionQuery {
	/** Index of the `@` in the text. */
	start: number;
	/** What follows the `@` up to the caret. */
	query: string;
}

/** The `@word` being typed just before the caret, if any (at most 40 characters, no newline). */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
	const before = text.slice(0, caret);
	const at = before.lastIndexOf('@');
	if (at < 0) return null;
	if (at > 0 && !/\s|\(/.test(before[at - 1]!)) return null;
	const query = before.slice(at + 1);
	if (query.length > 40 || /[\n@]/.test(query) || /\s{2}/.test(query)) return null;
	return { start: at, query };
}

/** Members whose name (accents and case ignored) has a word starting with the query. */
export function suggestMembers(members: readonly Member[], query: string, limit = 6): Member[] {
	const q = fold(query.trim());
	return members
		.filter((member) => {
			const name = fold(member.name);
			return q === '' || name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q));
		})
		.slice(0, limit);
}

/** The text with the query replaced by `@Name ` and the caret after it. */
export function insertMention(
	text: string,
	query: MentionQuery,
	member: Member
): { text: string; caret: number } {
	const end = query.start + 1 + query.query.length;
	const inserted = `@${member.name} `;
	return {
		text: text.slice(0, query.start) + inserted + text.slice(end),
		caret: query.start + inserted.length
	};
}
