// Preloaded into every benchmarked process (node --require): writes its peak RSS (KiB) on exit.
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
