/**
 * Structured logs: one JSON object per line on stdout, `{ time, level, event, ...fields }`.
 * Callers pass only safe fields; tokens, cookies and headers are never logged.
 */

export type LogFields = Record<string, unknown>;

export interface Logger {
	info(event: string, fields?: LogFields): void;
	warn(event: string, fields?: LogFields): void;
	error(event: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

export function createJsonLogger(
	write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
	base: LogFields = {}
): Logger {
	const emit = (level: Level, event: string, fields: LogFields = {}) => {
		write(
			JSON.stringify(
				{ time: new Date().toISOString(), level, event, ...base, ...fields },
				(_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v)
			)
		);
	};
	return {
		info: (event, fields) => emit('info', event, fields),
		warn: (event, fields) => emit('warn', event, fields),
		error: (event, fields) => emit('error', event, fields)
	};
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A logger that keeps entries in memory (tests assert on events). */
export function createMemoryLogger(): Logger & {
	entries: { level: Level; event: string; fields: LogFields }[];
} {
	const entries: { level: Level; event: string; fields: LogFields }[] = [];
	return {
		entries,
		info: (event, fields = {}) => entries.push({ level: 'info', event, fields }),
		warn: (event, fields = {}) => entries.push({ level: 'warn', event, fields }),
		error: (event, fields = {}) => entries.push({ level: 'error', event, fields })
	};
}
