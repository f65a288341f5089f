import { describe, expect, it } from 'vitest';
import { seanceNotesAccess, type AccessContext } from './access';

describe('access to a séance’s live notes', () => {
	it.each<[string, AccessContext, boolean, string]>([
		['an editor', { role: 'evaluator' }, false, 'edit'],
		['a partner', { role: 'partner' }, false, 'comment'],
		['a partner taking the minutes', { role: 'partner' }, true, 'edit'],
		['an observer', { role: 'observer' }, false, 'read'],
		['an observer chairing', { role: 'observer' }, true, 'edit'],
		['a non-member named secretary', { role: null }, true, 'none'],
		['the secretary of an archived experiment', { role: 'observer', archived: true }, true, 'read'],
		[
			'a coordinator of an archived experiment',
			{ role: 'coordinator', archived: true },
			true,
			'read'
		]
	])('%s', (_name, context, takesMinutes, expected) => {
		expect(seanceNotesAccess(context, takesMinutes)).toBe(expected);
	});
});
