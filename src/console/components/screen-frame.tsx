import { Box, type Key } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';
import { Footer } from './Footer.js';
import { GLOBAL_OFFERS, isTypingKey, matchAction, type Action, type Offer } from '../input/key-bindings.js';
import { useKeyHandler } from '../input/input-router.js';
import { useBodySize } from './layout.js';
import type { ListFilter } from '../hooks/use-list-filter.js';

// Every screen is a body of fixed height plus the footer of the keys it accepts. Global keys
// (help, logbook, quit) are offered by every screen except while the operator is typing.

export interface KeyScopeValue {
  /** False while an overlay (help, confirmation) has the keyboard. */
  active: boolean;
  onGlobal: (action: Action) => void;
}

export const KeyScope = createContext<KeyScopeValue>({ active: true, onGlobal: () => {} });

/**
 * `onAction` gets each action and the keys typed after it in the same burst; it returns true when
 * it took those keys too (`/` followed by the filter's text), so they are not read as actions.
 */
export function useKeys(offers: readonly Offer[], onAction: (a: Action, rest: string) => boolean | void, typing = false): void {
  const scope = useContext(KeyScope);
  const handle = (input: string, key: Key, rest = ''): boolean => {
    const global = typing ? undefined : matchAction(GLOBAL_OFFERS, input, key);
    if (global) return (void scope.onGlobal(global), false);
    const action = matchAction(offers, input, key);
    return action ? onAction(action, rest) === true : false;
  };
  useKeyHandler((input, key) => {
    if (typing && isTypingKey(input, key)) return;
    // Keys that arrive in one read ("jjj" from key repeat) come as one string: one action each.
    if (!typing && input.length > 1 && !key.ctrl && !key.meta) {
      const chars = [...input];
      for (let i = 0; i < chars.length; i++) if (handle(chars[i]!, key, chars.slice(i + 1).join(''))) break;
    } else handle(input, key);
  }, scope.active);
}

export function ScreenFrame({
  offers,
  typing = false,
  filter,
  children,
}: {
  offers: readonly Offer[];
  typing?: boolean;
  /** The screen's list filter: the footer shows its prompt or the filter in effect. */
  filter?: ListFilter<unknown>;
  children: ReactNode;
}) {
  const { columns, rows } = useBodySize();
  return (
    <>
      <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
        {children}
      </Box>
      <Footer offers={offers} typing={typing || !!filter?.editing} columns={columns} filter={filter} />
    </>
  );
}
