/** Largest file an import accepts (checked in the browser before sending, then on the server). */
export const IMPORT_FILE_MAX_BYTES = 25 * 1024 * 1024;
