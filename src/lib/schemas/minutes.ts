/** Inputs of a séance's minutes: the compte rendu's generation and the procès-verbal's download. */
import * as f from './fields';

/** `POST ?/minutes` (replace=1 once the user confirmed replacing the existing text). */
export const minutesForm = f.form({
	replace: f.optionalChoice(['0', '1'])
});

/** `GET /experiences/<id>/seances/<id>/proces-verbal?format=pdf|docx`. */
export const recordQuery = f.form({
	format: f.choice(['pdf', 'docx'])
});
