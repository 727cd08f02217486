// What scripts/build.mjs stamps into dist/: the build's identity. From sources (vitest runs
// src/*.ts) there is none, and what only a build has (caches keyed by it, the files it emits
// beside the bundle such as the emulator's thread) is not used.

declare const __GATEWALK_BUILD_ID__: string | undefined;

/** The build's identity (a hash of src/ and the lockfile); undefined when running from sources. */
export const BUILD_ID = typeof __GATEWALK_BUILD_ID__ === 'string' ? __GATEWALK_BUILD_ID__ : undefined;
