// Questions to AWS asked in the same tick are answered together: every check of a step (and, in a
// headless pass, of every step) asks its questions synchronously before its first await, so one
// microtask later a family's questions are all known and `answer` can ask AWS as few times as its
// API allows. Answers are memoized per question for the pass (ctx.memo), like any lookup.

type Memo = Map<string, Promise<unknown>>;

interface Waiting<I, T> {
  item: I;
  resolve(value: T | undefined): void;
  reject(err: unknown): void;
}

/** Given the questions of one tick, a promise per question key (keys left out answer undefined). */
export type AnswerBatch<I, T> = (items: ReadonlyMap<string, I>) => ReadonlyMap<string, Promise<T | undefined>>;

const open = new WeakMap<Memo, Map<string, Map<string, Waiting<unknown, unknown>>>>();

export function askBatched<I, T>(memo: Memo, family: string, key: string, item: I, answer: AnswerBatch<I, T>): Promise<T | undefined> {
  const memoKey = `${family}:${key}`;
  const hit = memo.get(memoKey);
  if (hit) return hit as Promise<T | undefined>;
  let families = open.get(memo);
  if (!families) open.set(memo, (families = new Map()));
  let batch = families.get(family) as Map<string, Waiting<I, T>> | undefined;
  if (!batch) {
    const mine = new Map<string, Waiting<I, T>>();
    families.set(family, (batch = mine));
    queueMicrotask(() => {
      families.delete(family);
      settle(mine, answer);
    });
  }
  let waiting!: Waiting<I, T>;
  const promise = new Promise<T | undefined>((resolve, reject) => (waiting = { item, resolve, reject }));
  promise.catch(() => {}); // rejections reach the checks that await it, never the process
  batch.set(key, waiting);
  memo.set(memoKey, promise);
  return promise;
}

function settle<I, T>(batch: Map<string, Waiting<I, T>>, answer: AnswerBatch<I, T>): void {
  let answers: ReadonlyMap<string, Promise<T | undefined>>;
  try {
    answers = answer(new Map([...batch].map(([k, w]) => [k, w.item])));
  } catch (err) {
    for (const w of batch.values()) w.reject(err);
    return;
  }
  for (const [k, w] of batch) {
    const a = answers.get(k);
    if (a) a.then(w.resolve, w.reject);
    else w.resolve(undefined);
  }
}
