import { describe, expect, it } from 'vitest';
import { escapeXml, xmlDocument, xmlElement } from '../../../src/substrate/sandbox/wire/xml.js';

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

// The shapes AWS Query answers take, which the SDK's parser reads back (an empty list must stay an
// element, or a deserializer reads "absent" where the emulator meant "none").
describe('xmlElement and xmlDocument', () => {
  it('writes lists as members, an empty list or object as an empty element, and leaves undefined out', () => {
    expect(xmlElement('Roles', ['a', 'b'])).toBe('<Roles><member>a</member><member>b</member></Roles>');
    expect(xmlElement('Roles', [])).toBe('<Roles/>');
    expect(xmlElement('Role', {})).toBe('<Role/>');
    expect(xmlElement('Role', { Gone: undefined })).toBe('<Role/>');
    expect(xmlElement('Role', { RoleName: 'r', Gone: undefined, Tags: [{ Key: 'k', Value: '' }] })).toBe(
      '<Role><RoleName>r</RoleName><Tags><member><Key>k</Key><Value></Value></member></Tags></Role>',
    );
    expect(xmlElement('Gone', undefined)).toBe('');
    expect(xmlElement('N', 0)).toBe('<N>0</N>');
    expect(xmlElement('B', false)).toBe('<B>false</B>');
  });

  it('refuses an element name XML cannot carry, anywhere in it', () => {
    for (const bad of ['', '1a', 'a b', 'a>', '<a', 'a/', 'a&b', '-a', 'a\n']) {
      expect(() => xmlElement(bad, 'v'), JSON.stringify(bad)).toThrow(`invalid XML element name: ${bad}`);
      expect(() => xmlElement('Outer', { [bad]: 'v' }), JSON.stringify(bad)).toThrow(/invalid XML element name/);
    }
    for (const good of ['a', '_a', 'A1', 'a.b-c_d']) expect(xmlElement(good, 'v')).toBe(`<${good}>v</${good}>`);
  });

  it('a document: declaration, root with its escaped namespace, children in order', () => {
    expect(xmlDocument('GetRoleResponse', 'https://iam.amazonaws.com/doc/2010-05-08/', { A: '1', B: ['x'], C: undefined })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><A>1</A><B><member>x</member></B></GetRoleResponse>\n',
    );
    expect(xmlDocument('R', 'urn:"x"&y', {})).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:&quot;x&quot;&amp;y"></R>\n');
  });
});
