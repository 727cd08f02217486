import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests StrykerJS runs against one folder's mutants: GATEWALK_MUTATE_TESTS (comma-separated
// globs, set by scripts/mutate.mjs). Tests that drive the built binary (test/cli, test/pty) never
// see a mutant and are left out.
const include = (process.env.GATEWALK_MUTATE_TESTS ?? 'test/engine/**/*.test.ts').split(',');

export default defineConfig({ ...base, test: { ...base.test, include } });
