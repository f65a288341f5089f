/**
 * JSON answers of the governance endpoints: a GovernanceError becomes `{ error: <id>, message }`
 * (and `fields` when a field is at fault); only an outage answers 503 "try again"; anything
 * unexpected goes to handleError (500, logged).
 */
import { json } from '@sveltejs/kit';
import { errorMessage } from '../../components/governance/labels';
import { m } from '../../paraglide/messages';
import { InputError } from '../input';
import { isOutage } from '../pb-errors';
import { fieldErrorsOfGovernance, GovernanceError } from './errors';

export async function governanceJson(task: () => Promise<unknown>): Promise<Response> {
	try {
		return json(await task());
	} catch (error) {
		if (error instanceof InputError) return json(error.body, { status: error.status });
		if (error instanceof GovernanceError) {
			const fields = fieldErrorsOfGovernance(error, errorMessage);
			return json(
				{
					error: error.code,
					message:
						error.code === 'invalid_input' && fields
							? m.sweep_input_invalid()
							: errorMessage(error.code),
					...(fields ? { fields } : {})
				},
				{ status: error.status }
			);
		}
		if (isOutage(error))
			return json({ error: 'unavailable', message: m.sweep_error_unavailable() }, { status: 503 });
		throw error;
	}
}
