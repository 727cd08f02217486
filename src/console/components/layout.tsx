import { useStdout } from 'ink';
import { createContext, useContext, useEffect, useState } from 'react';

// The frame always stays one row shorter than the terminal: Ink clears and repaints the whole
// screen when its output reaches the terminal height, which flickers and is slow.

export interface Size {
  columns: number;
  rows: number;
}

export function useWindowSize(): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}

/** Width and height available to the current screen's body. */
export const BodySize = createContext<Size>({ columns: 80, rows: 18 });
export const useBodySize = () => useContext(BodySize);

/** The slice of a list to show so that `cursor` stays visible in `height` rows. */
export function windowOf<T>(items: readonly T[], cursor: number, height: number): { start: number; visible: T[] } {
  const h = Math.max(1, height);
  if (items.length <= h) return { start: 0, visible: [...items] };
  const start = Math.min(Math.max(0, cursor - Math.floor(h / 2)), items.length - h);
  return { start, visible: items.slice(start, start + h) };
}
