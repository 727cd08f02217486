// Milliseconds on the monotonic clock, for durations. Not `performance.now()`: in Node 20 the global
// `performance` is made on first use and loads perf_hooks with seven more of Node's modules (~2 ms
// of a run that otherwise never needs them); process.hrtime reads the same clock with nothing to load.

/** Milliseconds since an arbitrary fixed point; only differences mean anything. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
