// ESLint: the rules that earn their keep here (formatting is Prettier's, see .prettierrc.json).
// Type-aware where it matters: a promise nobody awaits loses its error.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
	{
		ignores: ['build/', 'build-*/', '.svelte-kit/', '.svelte-kit-*/', 'node_modules/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/', 'data/']
	},
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
				extraFileExtensions: ['.svelte']
			}
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-import-type-side-effects': 'error',
			// Hearth links with plain hrefs on purpose: every page works without JavaScript, and paths are built by helpers.
			'svelte/no-navigation-without-resolve': 'off',
			// Lists are keyed where items move; a static list of labels needs none.
			'svelte/require-each-key': 'off',
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	{
		// Run by node or tsx outside the app's tsconfig (svelte-check does not type them either): linted without types.
		files: ['bench/**/*.ts', 'bench/**/*.js', 'scripts/**/*.ts', 'scripts/**/*.js', 'playwright.config.ts', 'eslint.config.js', 'svelte.config.js'],
		extends: [ts.configs.disableTypeChecked],
		languageOptions: { parserOptions: { projectService: false } }
	},
	{
		// Served as is to browsers (no build step): plain scripts, linted without types, with browser globals.
		files: ['static/**/*.js'],
		extends: [ts.configs.disableTypeChecked],
		languageOptions: { parserOptions: { projectService: false }, globals: { ...globals.browser } }
	},
	{
		// Migrations are frozen history, written against Kysely's untyped schema builder.
		files: ['src/lib/server/db/migrations/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	}
);
