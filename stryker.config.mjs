// Mutation testing (`npm run mutate`, not part of `npm test`): scripts/mutate.mjs runs StrykerJS
// once per folder with GATEWALK_MUTATE=<folder>, so each folder's mutants meet only the tests that
// pin that folder (see SCOPES in scripts/mutate.mjs). Incremental: unchanged mutants and tests are
// not run again (reports/mutation/<folder>.incremental.json).
const folder = process.env.GATEWALK_MUTATE ?? 'engine';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  // GATEWALK_MUTATE_ONLY=src/engine/verdict.ts,… narrows a run to some files (the incremental file keeps the rest).
  // GATEWALK_MUTATE_FILES: the folder's scoped files (SCOPES in scripts/mutate.mjs).
  mutate: (process.env.GATEWALK_MUTATE_ONLY ?? process.env.GATEWALK_MUTATE_FILES)?.split(',') ?? [
    `src/${folder}/**/*.ts`,
    `!src/${folder}/**/index.ts`,
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  timeoutFactor: 3,
  timeoutMS: 10000,
  ignorePatterns: ['dist', 'bench', 'reports', '.gatewalk', 'docs', 'runs', '.stryker-tmp*'],
  tempDirName: `.stryker-tmp-${folder}`,
  cleanTempDir: 'always',
};
