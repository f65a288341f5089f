// Debian programs Trame calls (installed by .ci/run's apt-get line): LibreOffice headless for
// ODT import and export, Pandoc for the import tests' corpus. Checked up front so that a missing
// one is named, not discovered as a failing test or a refused export.
import { spawnSync } from 'node:child_process';
import { readConfig } from '../../server/config.mjs';

export const SYSTEM_TOOLS = [
	{
		command: readConfig().sofficePath,
		package: 'libreoffice-writer-nogui',
		purpose: 'import et export ODT / ODT import and export'
	},
	{
		command: 'pandoc',
		package: 'pandoc',
		purpose: 'corpus des tests d’import / import test corpus'
	}
];

/** The tools that do not run here. */
export function missingSystemTools(tools = SYSTEM_TOOLS) {
	return tools.filter(
		(tool) =>
			spawnSync(tool.command, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status !== 0
	);
}

export function describeMissing(missing) {
	return missing
		.map((tool) => `${tool.command} (${tool.purpose}) : apt-get install ${tool.package}`)
		.join('\n  ');
}
