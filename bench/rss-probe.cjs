// Preloaded into every benchmarked process (node --require): writes its peak RSS (KiB) and its minor
// page faults (every thread's) on exit, as JSON.
process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const { maxRSS, minorPageFault } = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRSS, minorPageFault }));
});
