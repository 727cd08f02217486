import * as yoga from 'yoga-layout';

// Yoga (Ink's layout engine) compiles its WebAssembly asynchronously. Its own entry waits for that with
// a top-level await, which the CommonJS bundle of dist/ cannot hold: the build rewrites the entry to
// export the promise as `ready` (scripts/build.mjs, noTopLevelAwait), and the console awaits it before
// Ink's first render. Run from sources (vitest), the entry is yoga-layout's own, which has no `ready`
// and has awaited already when its import resolves.
export const yogaReady: Promise<unknown> = (yoga as { ready?: Promise<unknown> }).ready ?? Promise.resolve();
