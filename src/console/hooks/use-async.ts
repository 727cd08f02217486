import { useContext, useEffect, useReducer } from 'react';
import { FaceContext } from '../ports/console-face.js';
import { describeError } from '../ports/describe-error.js';

type Loaded<T> = { loading: boolean; value?: T; error?: string };
type LoadAction<T> = { type: 'start' } | { type: 'done'; value: T } | { type: 'failed'; error: string };

export function loadReducer<T>(s: Loaded<T>, a: LoadAction<T>): Loaded<T> {
  switch (a.type) {
    case 'start':
      return { ...s, loading: true };
    case 'done':
      return { loading: false, value: a.value };
    case 'failed':
      return { loading: false, error: a.error };
  }
}

/** Loads once per mount (unless `initial` already answers); an answer arriving after unmount is dropped. */
export function useAsync<T>(load: () => Promise<T>, initial?: T): Loaded<T> {
  const [state, dispatch] = useReducer(loadReducer<T>, initial !== undefined ? { loading: false, value: initial } : { loading: true });
  const face = useContext(FaceContext);
  useEffect(() => {
    if (state.value !== undefined && !state.loading) return; // answered at mount
    let live = true;
    dispatch({ type: 'start' });
    load().then(
      (value) => live && dispatch({ type: 'done', value }),
      (err) => live && dispatch({ type: 'failed', error: describeError(err, face) }),
    );
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return state;
}
