import { useInput, type Key } from 'ink';
import { createContext, useCallback, useContext, useLayoutEffect, useMemo, useRef } from 'react';

// One stdin subscription for the whole console. Ink's useInput (re)subscribes in a passive
// effect, which runs after the frame is on screen: a key typed right after a screen appears would
// reach the previous screen's handler, or none. Handlers here are registered and refreshed in
// layout effects, which finish before the next key can be read.

export type KeyHandler = (input: string, key: Key) => void;
type Slot = { current: KeyHandler | undefined };

interface Router {
  add(slot: Slot): () => void;
  /** Called by every key handler's component each time React commits it. */
  committed(): void;
}

/** How long a queued key waits for the render the previous key caused, when that key caused none. */
const SETTLE_MS = 30;

const RouterContext = createContext<Router | null>(null);
export const InputRouterProvider = RouterContext.Provider;

/** The router: owns the only useInput of the app and hands each key to every live handler. */
export function useInputRouter(): Router {
  const slots = useRef(new Set<Slot>());
  const queue = useRef<Array<[string, Key]>>([]);
  const draining = useRef(false);
  const route = useCallback((input: string, key: Key) => {
    const deliver = (i: string, k: Key) => {
      for (const slot of [...slots.current]) slot.current?.(i, k);
    };
    const unit = (input: string, key: Key) => {
      // Text and Enter written in one burst ("reason⏎", a paste) arrive as one string: deliver the
      // text, then Enter. Fields are one line, so whatever follows the first Enter is dropped
      // rather than confirmed again by a screen that has not re-rendered yet.
      const nl = input.search(/[\r\n]/);
      if (input.length > 1 && nl >= 0 && !key.ctrl && !key.meta) {
        if (nl > 0) deliver(input.slice(0, nl), { ...key, return: false });
        deliver('\r', { ...key, return: true });
        return;
      }
      deliver(input, key);
    };
    // Keys read in one go (a fast typist, a paste of "j⏎⏎", a script) are parsed into events that
    // arrive back to back, before React renders what the previous key changed (it renders in a
    // later turn, and on a busy machine over several turns, yielding in between): the next key
    // would reach a screen still showing the last question. So a key that arrives while another is
    // being handled waits in a queue until React has committed a render since that key (every key
    // handler's component reports its commits), or SETTLE_MS passed without one (a key that changed
    // nothing), and a turn of the event loop more. A key that arrives on its own (a typist at human
    // speed) is delivered at once.
    queue.current.push([input, key]);
    if (draining.current) return;
    draining.current = true;
    const next = () => {
      const item = queue.current.shift();
      if (!item) return void (draining.current = false);
      unit(...item);
      settled.current = () => {
        clearTimeout(timer);
        settled.current = undefined;
        setImmediate(next);
      };
      const timer = setTimeout(() => settled.current?.(), SETTLE_MS);
    };
    next();
  }, []);
  const settled = useRef<(() => void) | undefined>(undefined);
  useInput(route);
  return useMemo(
    () => ({
      add: (slot: Slot) => (slots.current.add(slot), () => void slots.current.delete(slot)),
      committed: () => settled.current?.(),
    }),
    [],
  );
}

/** Receive keys while `active`; the latest render's handler always answers. */
export function useKeyHandler(handler: KeyHandler, active = true, own?: Router): void {
  const router = useContext(RouterContext) ?? own ?? null;
  const slot = useRef<Slot>({ current: undefined });
  useLayoutEffect(() => {
    slot.current.current = active ? handler : undefined;
    router?.committed();
  });
  useLayoutEffect(() => {
    if (!router) throw new Error('useKeyHandler outside InputRouterProvider');
    return router.add(slot.current);
  }, [router]);
}
