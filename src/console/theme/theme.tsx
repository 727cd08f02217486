import { Text } from 'ink';
import { createContext, useContext, type ReactNode } from 'react';
import { checkStyle, phaseStyle, type ColorToken, type StatusStyle } from '../../core/status-style.js';
import type { CheckStatus, PhaseState } from '../../core/types.js';
import { sanitizeText } from '../../core/sanitize.js';

// Colour is a hint on top of glyph + word. With NO_COLOR set (https://no-color.org) no colour
// is emitted at all; the glyph and the word carry the status alone.

export interface Theme {
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

/** NO_COLOR present and not empty disables colour. */
export function themeFromEnv(env: NodeJS.ProcessEnv): Theme {
  return { color: !env.NO_COLOR };
}

export function tone(theme: Theme, color: ColorToken | undefined): ColorToken | undefined {
  return theme.color ? color : undefined;
}

export function Tone({ color, bold, children }: { color?: ColorToken; bold?: boolean; children: ReactNode }) {
  const theme = useContext(ThemeContext);
  return (
    <Text color={tone(theme, color)} bold={bold ?? false}>
      {children}
    </Text>
  );
}

/** Glyph + word, padded so columns line up. */
export function StatusLabel({ style, pad = 7 }: { style: StatusStyle; pad?: number }) {
  return <Tone color={style.color}>{`${style.glyph} ${style.word.padEnd(pad)}`}</Tone>;
}

export const CheckLabel = ({ status }: { status: CheckStatus }) => <StatusLabel style={checkStyle(status)} pad={6} />;
export const PhaseLabel = ({ state }: { state: PhaseState }) => <StatusLabel style={phaseStyle(state)} pad={8} />;

/** An engine error: the message and its "try" line, each kept to one terminal row. */
export function ErrorLines({ text }: { text?: string }) {
  const theme = useContext(ThemeContext);
  if (!text) return null;
  return (
    <>
      {errorLines(text).map((line, i) => (
        <Text key={i} color={tone(theme, 'red')} wrap="truncate-end">
          {`${i === 0 ? '✘ ' : '  '}${line}`}
        </Text>
      ))}
    </>
  );
}

export const errorLines = (text: string | undefined) => (text ? sanitizeText(text).split('\n').filter(Boolean).slice(0, 3) : []);
