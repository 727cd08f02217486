import { defineConfig } from 'vitest/config';

// `npm run soak`: the long reliability runs (random kills, logbook mutations, fuzzed YAML). Not
// part of `npm test`; each file prints its figures.
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts'],
    testTimeout: 60 * 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
