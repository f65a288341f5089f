/**
 * The séance form names the time zone of its date and time once, in each language (the time's
 * hint says it; the fieldset said "Paris time." as well).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { getLocale, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';
import SeanceForm from './SeanceForm.svelte';

const baseGetLocale = getLocale;
afterEach(() => overwriteGetLocale(baseGetLocale));

/** The form's words, tags left out. */
function formText(locale: Locale): string {
	overwriteGetLocale(() => locale);
	const { body } = render(SeanceForm, {
		props: { members: [], values: {}, errors: null, submitLabel: 'OK' }
	});
	return body
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ');
}

describe('the séance form', () => {
	it.each<{ locale: Locale; zone: RegExp; hint: string }>([
		{
			locale: 'en',
			zone: /Paris time|Central European Time/gi,
			hint: 'Format hh:mm, for example 18:30 (Central European Time).'
		},
		{
			locale: 'fr',
			zone: /heure de Paris|heure d’Europe centrale/gi,
			hint: 'Format hh:mm, par exemple 18:30 (heure d’Europe centrale).'
		}
	])('names the time zone once ($locale)', ({ locale, zone, hint }) => {
		const text = formText(locale);
		expect(text).toContain(hint);
		expect(text.match(zone)).toHaveLength(1);
	});
});
