import { Box, type Key } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';
import { Footer } from './Footer.js';
import { GLOBAL_OFFERS, isTypingKey, matchAction, type Action, type Offer } from '../input/key-bindings.js';
import { useKeyHandler } from '../input/input-router.js';
import { useBodySize } from './layout.js';

// Every screen is a body of fixed height plus the footer of the keys it accepts. Global keys
// (help, logbook, quit) are offered by every screen except while the operator is typing.

export interface KeyScopeValue {
  /** False while an overlay (help, confirmation) has the keyboard. */
  active: boolean;
  onGlobal: (action: Action) => void;
}

export const KeyScope = createContext<KeyScopeValue>({ active: true, onGlobal: () => {} });

export function useKeys(offers: readonly Offer[], onAction: (a: Action) => void, typing = false): void {
  const scope = useContext(KeyScope);
  const handle = (input: string, key: Key) => {
    const global = typing ? undefined : matchAction(GLOBAL_OFFERS, input, key);
    if (global) return scope.onGlobal(global);
    const action = matchAction(offers, input, key);
    if (action) onAction(action);
  };
  useKeyHandler((input, key) => {
    if (typing && isTypingKey(input, key)) return;
    // Keys that arrive in one read ("jjj" from key repeat) come as one string: one action each.
    if (!typing && input.length > 1 && !key.ctrl && !key.meta) for (const ch of input) handle(ch, key);
    else handle(input, key);
  }, scope.active);
}

export function ScreenFrame({ offers, typing = false, children }: { offers: readonly Offer[]; typing?: boolean; children: ReactNode }) {
  const { columns, rows } = useBodySize();
  return (
    <>
      <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
        {children}
      </Box>
      <Footer offers={offers} typing={typing} columns={columns} />
    </>
  );
}
