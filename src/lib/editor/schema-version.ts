/**
 * Version of the editor schema (the TipTap extension list in `extensions.ts`). Sent by the browser
 * as `?schema=` on the collaboration upgrade; the server refuses a client whose version differs
 * (CloseCode.SchemaMismatch). Bump it whenever a change to the extensions changes the schema.
 * 2: structured parts (enjeux, COPIL, calendar, budget, indicators).
 * 3: checklists, images and attached files; template prompts are placeholders (documents stored
 *    under 2 are migrated by the collaboration server: server/pocketbase/schema-migrator.ts).
 * 4: a COPIL seat's `role` and `term` attributes, written by an election's result (stored
 *    documents need no change: the attributes are optional; editors of 3 would strip them).
 * 5: tracked changes (suggestion insertion and deletion marks); no stored data changes.
 */
export const EDITOR_SCHEMA_VERSION = 5;
