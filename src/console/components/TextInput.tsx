import { Text } from 'ink';
import { useCallback, useContext, useRef, useState } from 'react';
import { useKeyHandler } from '../input/input-router.js';
import { KeyScope } from './screen-frame.js';
import { editText } from '../state/text-edit.js';

// Keys typed in one burst (a paste, or "reason⏎" written at once) arrive before React re-renders,
// so the field keeps its latest text in a ref: the next key and the submit both read that.

export interface TextField {
  value: string;
  current: () => string;
  set: (v: string) => void;
}

export function useTextField(initial = ''): TextField {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((v: string) => {
    ref.current = v;
    setValue(v);
  }, []);
  return { value, current: () => ref.current, set };
}

/** A one-line field; the screen handles enter and esc. */
export function TextInput({
  field,
  placeholder,
  active = true,
  onEdit,
  prompt = '> ',
}: {
  field: TextField;
  placeholder?: string;
  active?: boolean;
  onEdit?: () => void;
  prompt?: string;
}) {
  const scope = useContext(KeyScope);
  useKeyHandler((input, key) => {
    const before = field.current();
    const next = editText(before, input, key);
    if (next === before) return;
    field.set(next);
    onEdit?.();
  }, active && scope.active);
  return (
    <Text wrap="truncate-start">
      {prompt}
      {field.value || <Text dimColor>{placeholder ?? ''}</Text>}
      {active ? <Text inverse> </Text> : null}
    </Text>
  );
}
