import { Text } from 'ink';
import { useEffect, useState } from 'react';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Re-renders its caller every `ms`: keep it in the smallest component that needs the time. */
export function useNow(ms = 100): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export const spinnerFrame = (now: number) => FRAMES[Math.floor(now / 100) % FRAMES.length]!;

export const formatElapsed = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`;

/** A spinner and a label, for work with no per-check progress (opening a run, sealing). */
export function Busy({ label }: { label: string }) {
  const now = useNow();
  return <Text wrap="truncate-end">{`${spinnerFrame(now)} ${label}…`}</Text>;
}
