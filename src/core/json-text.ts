// The one writer of `--json` output. JSON.stringify escapes only U+0000–U+001F; a verdict or a
// conflict may carry C1 controls, bidi overrides, DEL, line separators or invisible format
// characters from AWS or a file. Every character outside printable text is written as \uXXXX,
// so piping the output to a terminal or a log viewer shows it instead of obeying it.

// Cc (controls incl. DEL and C1), Cf (bidi overrides, zero-width), Co/Cn (private, unassigned),
// Zl/Zp (U+2028/U+2029), Cs (lone surrogates; JSON.stringify already escapes those).
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/gu;

const escape = (ch: string): string => {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += '\\u' + ch.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
};

/** Pretty JSON text (2-space indent) in which every non-printable character is a \uXXXX escape. */
export function jsonText(value: unknown): string {
  // Outside strings JSON text has only printable ASCII and \n between tokens; inside strings an
  // escape is equivalent to the character. The newlines of the layout are kept.
  return (JSON.stringify(value, null, 2) ?? 'null').replace(NOT_PRINTABLE, (ch) => (ch === '\n' ? ch : escape(ch)));
}
