import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// Server code, with type information: a promise nobody awaits or handles is a write that may
		// fail silently or an unhandled rejection that takes the process down.
		files: [
			'server/**/*.ts',
			'src/lib/server/**/*.ts',
			'src/hooks.server.ts',
			'src/routes/**/+*.server.ts'
		],
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/require-await': 'off'
		}
	},
	{
		files: ['pocketbase/pb_migrations/**/*.js', 'pocketbase/pb_hooks/**/*.js'],
		languageOptions: {
			globals: {
				migrate: 'readonly',
				Collection: 'readonly',
				Record: 'readonly',
				routerAdd: 'readonly',
				onRecordCreateRequest: 'readonly',
				$app: 'readonly',
				$apis: 'readonly',
				$security: 'readonly',
				$os: 'readonly',
				BadRequestError: 'readonly',
				ForbiddenError: 'readonly',
				NotFoundError: 'readonly'
			}
		},
		rules: {
			'@typescript-eslint/no-unused-vars': 'off',
			'@typescript-eslint/triple-slash-reference': 'off',
			// PocketBase's JSVM defines many more globals (field classes, cron, hooks…) than the list
			// above; pb_data/types.d.ts documents them for editors.
			'no-undef': 'off'
		}
	},
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.data/',
			'node_modules/',
			'pocketbase/bin/',
			'pocketbase/pb_data/',
			'pocketbase/pb_data/types.d.ts',
			'src/lib/paraglide/',
			'bench-results/',
			'test-results/',
			'playwright-report/'
		]
	}
);
