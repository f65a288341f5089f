import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { experiment } from '../schemas/workspace';
import { batchFailure, formRecord, pocketBaseFieldErrors } from './input';

const refusal = (data: Record<string, { code: string; message?: string }>, status = 400) =>
	new ClientResponseError({
		url: 'http://127.0.0.1:8090/api/collections/experiments/records',
		status,
		response: { status, message: 'Failed to create record.', data }
	});

describe('PocketBase refusals as field errors', () => {
	it('files validation_* codes under the form field that stores them, with the limit', () => {
		const errors = pocketBaseFieldErrors(
			refusal({
				territory_name: { code: 'validation_max_text_constraint' },
				enjeux: { code: 'validation_values_mismatch' }
			}),
			experiment,
			'experiments'
		);
		expect(errors).toEqual({
			territoryName: { code: 'too_long', message: expect.stringContaining('200 caractères') },
			enjeux: { code: 'choice', message: 'Choisissez une des valeurs proposées.' }
		});
	});

	it("keeps a hook's own code and sentence; files a field the form does not show under ''", () => {
		expect(
			pocketBaseFieldErrors(
				refusal({ end_date: { code: 'end_before_start' }, created_by: { code: 'x' } }),
				experiment,
				'experiments'
			)
		).toEqual({
			endDate: { code: 'end_before_start', message: expect.stringMatching(/date de fin/i) },
			'': { code: 'x', message: expect.any(String) }
		});
	});

	it('is null for anything but a 400 (an outage is no input error)', () => {
		expect(pocketBaseFieldErrors(refusal({}, 503), experiment, 'experiments')).toBeNull();
		expect(pocketBaseFieldErrors(new Error('boom'), experiment, 'experiments')).toBeNull();
	});

	it("reads a batch's first failing request as if sent alone", () => {
		const batch = new ClientResponseError({
			url: 'http://127.0.0.1:8090/api/batch',
			status: 400,
			response: {
				data: {
					requests: {
						'0': {
							code: 'batch_request_failed',
							response: { status: 400, data: { name: { code: 'validation_required' } } }
						}
					}
				}
			}
		});
		const single = batchFailure(batch) as ClientResponseError;
		expect(single.status).toBe(400);
		expect((single.response as { data: unknown }).data).toEqual({
			name: { code: 'validation_required' }
		});
	});
});

describe('form data as the schema reads it', () => {
	it('lists for list fields, a value for the others, a field sent twice stays a list', () => {
		const form = new FormData();
		form.append('enjeux', 'confiance');
		form.append('title', 'Un');
		form.append('title', 'Deux');
		form.append('summary', 'Résumé');
		form.append('unknown', 'ignored');
		expect(formRecord(experiment, form)).toEqual({
			enjeux: ['confiance'],
			title: ['Un', 'Deux'],
			summary: 'Résumé'
		});
	});
});
