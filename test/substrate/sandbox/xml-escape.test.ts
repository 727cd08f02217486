import { describe, expect, it } from 'vitest';
import { escapeXml, xmlElement } from '../../../src/substrate/sandbox/wire/xml.js';

// Every text the emulator answers with goes through escapeXml: values from state files and
// requests. It skips the replacements when nothing needs them; what it writes must not change.

/** The escaping, one character at a time (what escapeXml must write, however it gets there). */
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
const cannotCarry = (c: string) => (c < ' ' && c !== '\t' && c !== '\n' && c !== '\r') || c === '\ufffe' || c === '\uffff';
const reference = (text: string) => [...text].map((c) => ENTITY[c] ?? (cannotCarry(c) ? '\uFFFD' : c)).join('');

describe('escapeXml', () => {
  it('escapes each character XML needs escaped, and replaces those it cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f\rg\u0000h\u001fi\ufffej\uffffk`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f&#13;g\uFFFDh\uFFFDi\uFFFDj\uFFFDk');
    for (const c of ['&', '<', '>', '"', "'", '\r', '\u0001', '\u000b', '\u000c', '\u000e', '\ufffe', '\uffff']) {
      expect(escapeXml(`x${c}y`), JSON.stringify(c)).toBe(reference(`x${c}y`));
      expect(escapeXml(`x${c}y`)).not.toBe(`x${c}y`);
    }
  });

  it('leaves text that needs nothing as it is: tabs, newlines, other scripts, ARNs', () => {
    for (const t of ['', 'arn:aws:iam::111122223333:role/lane', 'tab\there\nnewline', 'é 漢字 😀', '2026-12-03T07:00:00Z']) expect(escapeXml(t)).toBe(t);
  });

  it('writes the same as the full escaping on generated text, inside elements too', () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const ALPHABET = ['a', 'Z', '0', ' ', '\t', '\n', '\r', '&', '<', '>', '"', "'", '\u0000', '\u0008', '\u001f', 'é', '😀', '\ufffe', '\uffff', ';', '#'];
    for (let n = 0; n < 2000; n++) {
      const s = Array.from({ length: rand(12) }, () => ALPHABET[rand(ALPHABET.length)]).join('');
      expect(escapeXml(s), JSON.stringify(s)).toBe(reference(s));
      expect(xmlElement('V', s)).toBe(`<V>${reference(s)}</V>`);
    }
  });
});
