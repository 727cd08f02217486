import { useReducer } from 'react';

type CursorAction = { type: 'move'; delta: number; length: number } | { type: 'set'; index: number };

export function cursorReducer(index: number, a: CursorAction): number {
  if (a.type === 'set') return Math.max(0, a.index);
  return Math.min(Math.max(0, index + a.delta), Math.max(0, a.length - 1));
}

/** A list cursor kept inside [0, length). */
export function useCursor(initial = 0) {
  const [index, dispatch] = useReducer(cursorReducer, initial);
  return {
    index,
    move: (delta: number, length: number) => dispatch({ type: 'move', delta, length }),
    set: (i: number) => dispatch({ type: 'set', index: i }),
  };
}
