import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './paraglide.options.js';

export default defineConfig({
	plugins: [paraglideVitePlugin(paraglideOptions), sveltekit()],
	test: {
		include: ['src/**/*.test.ts', 'tests/service/**/*.test.ts', 'tests/unit/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Files share one PostgreSQL server; each test database is a copy of a template migrated once.
		globalSetup: ['tests/helpers/global-setup.ts'],
		fileParallelism: true
	}
});
