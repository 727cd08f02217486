import { useRef, useState } from 'react';
import type { Action, Offer } from '../input/key-bindings.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { useTextField, type TextField } from '../components/TextInput.js';

// `/` on a long list, as in k9s: a prompt opens at the bottom, typing narrows the list live
// (case-insensitive substring over the columns the row shows), enter keeps the filter and hands
// the keys back to the list, esc clears it. The typed text is sanitized by the field as typed.

export interface ListFilter<T> {
  /** The rows that match (all rows while no filter is set). */
  items: T[];
  /** How many rows there are without the filter. */
  total: number;
  /** The filter in effect ('' for none). */
  query: string;
  /** The prompt is open: printable keys go to it. */
  editing: boolean;
  field: TextField;
  /** The screen's offers with the filter's own: `/`, esc clearing a filter in effect, the prompt's keys while it is open. */
  offers(base: readonly Offer[]): readonly Offer[];
  /**
   * True when the action was the filter's (the screen does nothing more with it). `rest`: keys
   * typed after `/` in the same burst, which are the filter's text.
   */
  take(action: Action, rest?: string): boolean;
  /** The prompt's text changed (the list narrows live). */
  onEdit(): void;
}

const EDIT_OFFERS: readonly Offer[] = [['select', 'keep filter'], ['back', 'clear filter'], ['up', 'move'], 'down'];

export const matchesQuery = (text: string, query: string) => text.toLowerCase().includes(query.toLowerCase());

/**
 * A filter over `items`; `text` is what a row shows. `onChange` runs when the filter in effect
 * changes (a screen puts its cursor back on the first match).
 */
export function useListFilter<T>(items: readonly T[], text: (item: T) => string, onChange?: () => void): ListFilter<T> {
  const field = useTextField();
  const [editing, setEditingState] = useState(false);
  // Keys of one burst ("/rol⏎") arrive before the prompt is drawn: they read the latest mode here.
  const editingRef = useRef(false);
  const setEditing = (on: boolean) => {
    editingRef.current = on;
    setEditingState(on);
  };
  const query = field.value.trim();
  const shown = query ? items.filter((i) => matchesQuery(text(i), query)) : [...items];
  const clear = () => {
    field.set('');
    setEditing(false);
    onChange?.();
  };
  return {
    items: shown,
    total: items.length,
    query,
    editing,
    field,
    onEdit: () => onChange?.(),
    offers(base) {
      if (editing) return EDIT_OFFERS;
      const is = (action: Action) => (o: Offer) => (typeof o === 'string' ? o : o[0]) === action;
      const isBack = is('back');
      // "/text⏎" in one burst: the enter reaches this list before the prompt is drawn, and keeps the filter.
      const burstEnter: readonly Offer[] = base.some(is('select')) ? [] : [['select', '']];
      if (!query) return [...base, ...burstEnter, 'filter'];
      const relabelled = base.map((o): Offer => (isBack(o) ? ['back', 'clear filter'] : o));
      return [...relabelled, ...(base.some(isBack) ? [] : [['back', 'clear filter'] as const]), ...burstEnter, 'filter'];
    },
    take(action, rest = '') {
      if (editingRef.current) {
        if (action === 'select') setEditing(false);
        if (action === 'back') clear();
        return action === 'select' || action === 'back';
      }
      if (action === 'filter') {
        setEditing(true);
        if (rest) {
          field.set(field.current() + sanitizeLine(rest));
          onChange?.();
        }
        return true;
      }
      if (action === 'back' && query) {
        clear();
        return true;
      }
      return false;
    },
  };
}
