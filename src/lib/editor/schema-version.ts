/**
 * Version of the editor schema (the TipTap extension list in `extensions.ts`). Sent by the browser
 * as `?schema=` on the collaboration upgrade; the server refuses a client whose version differs
 * (CloseCode.SchemaMismatch). Bump it whenever a change to the extensions changes the schema.
 * 2: structured parts (enjeux, COPIL, calendar, budget, indicators).
 * 3: a COPIL seat's `role` and `term` attributes (written by an election's result).
 */
export const EDITOR_SCHEMA_VERSION = 3;
