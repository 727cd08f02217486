// Words the engine says to the operator that name something only a face can spell: a gatewalk
// command (the CLI prints it with the flags in effect, the console names its own key) or an input
// the operator gives (the CLI's flag, the console's field). Floors below the faces build advice
// from these parts and never write a command line or a flag themselves; each face renders it.

/** Something the operator gives: a repin `HANDLE=VALUE`, a rationale, an env, a program, a logbook head… */
export type InputName = 'repin' | 'reason' | 'env' | 'program' | 'root' | 'head';

export type AdvicePart = string | { command: readonly string[] } | { input: InputName; value?: string };
export type Advice = readonly AdvicePart[];
/** What an error says: plain text, or advice a face renders. */
export type Said = string | Advice;

/** How a face spells the parts it owns. */
export interface Face {
  command(argv: readonly string[]): string;
  input(name: InputName, value?: string): string;
}

/** A gatewalk command by its words (`cmd('run', 'M1')`), rendered by each face. */
export const cmd = (...argv: string[]): AdvicePart => ({ command: argv });
/** An input the operator gives (`input('repin', 'ROLE_IG=arn:…')`), rendered by each face. */
export const input = (name: InputName, value?: string): AdvicePart => (value === undefined ? { input: name } : { input: name, value });

/** `a or b` as inputs of one kind: oneOf('env', ['dev', 'prod']). */
export const oneOf = (name: InputName, values: readonly string[]): Advice =>
  values.flatMap((v, i) => (i ? [' or ', input(name, v)] : [input(name, v)]));

/** advice`close ${first} green first (${cmd('run', first)})`: text with the parts kept whole (advice values are spliced in). */
export function advice(strings: TemplateStringsArray, ...values: ReadonlyArray<AdvicePart | Advice | number>): Advice {
  const parts: AdvicePart[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i >= values.length) return;
    const v = values[i]!;
    if (Array.isArray(v)) parts.push(...(v as Advice));
    else parts.push(typeof v === 'number' ? String(v) : (v as AdvicePart));
  });
  return parts;
}

/**
 * The fallback spelling, with no flags in effect: what `Error.message` holds for logs and tests.
 * Faces never show it; they render the parts themselves. (The one place below the faces allowed
 * to spell a command or a flag: test/architecture/face-words.test.ts names it.)
 */
export const BARE_FACE: Face = {
  command: (argv) => `gatewalk ${argv.join(' ')}`,
  input: (name, value) => `--${name}${value === undefined ? '' : ` ${value}`}`,
};

export function render(said: Said, face: Face = BARE_FACE): string {
  if (typeof said === 'string') return said;
  return said.map((p) => (typeof p === 'string' ? p : 'command' in p ? face.command(p.command) : face.input(p.input, p.value))).join('');
}
