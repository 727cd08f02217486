/** Tells dist/boot.js, started as a worker thread's script, which entry of dist/ to load (src/core/code-cache/dist-worker.ts). */
export const WORKER_ENTRY_FLAG = '--gatewalk-worker-entry';
