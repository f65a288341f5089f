import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupArchiveError, extractBackupArchive, readBackupArchive } from './backup-archive';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readBackupArchive', () => {
	it.each([
		['not a zip', strToU8('pas un zip'), /not a zip/],
		['no data.db', zipSync({ 'auxiliary.db': strToU8('x') }), /no data\.db/],
		['a parent path', zipSync({ 'data.db': strToU8('x'), '../evil': strToU8('x') }), /outside/],
		[
			'a nested parent path',
			zipSync({ 'data.db': strToU8('x'), 'storage/../../evil': strToU8('x') }),
			/outside/
		],
		['an absolute path', zipSync({ 'data.db': strToU8('x'), '/etc/evil': strToU8('x') }), /outside/]
	])('refuses %s', (_label, zip, message) => {
		expect(() => readBackupArchive(zip, 'b.zip')).toThrow(BackupArchiveError);
		expect(() => readBackupArchive(zip, 'b.zip')).toThrow(message);
	});

	it('extracts files and nested storage, skipping directory entries', () => {
		const zip = zipSync({
			'data.db': strToU8('db'),
			'storage/': new Uint8Array(0),
			'storage/abc/file.txt': strToU8('fichier')
		});
		const files = readBackupArchive(zip, 'b.zip');
		expect([...files.keys()].sort()).toEqual(['data.db', join('storage', 'abc', 'file.txt')]);
		const dir = mkdtempSync(join(tmpdir(), 'trame-archive-'));
		dirs.push(dir);
		extractBackupArchive(files, join(dir, 'pb_data'));
		expect(readFileSync(join(dir, 'pb_data', 'storage', 'abc', 'file.txt'), 'utf8')).toBe(
			'fichier'
		);
	});
});
