import { Composer, CST, isMap, isScalar, type Pair, parse, Parser, type Scalar, type YAMLMap } from 'yaml';
import { ExitCode, GatewalkError } from '../core/errors.js';
import { advice, cmd } from '../core/advice.js';

// For repin.ts, which loads this module (and the parser) only when it repins.
export { parse };

const VALIDATE = advice`run \`${cmd('validate')}\``;

// Repin edits the operator's registry the way a careful human would: only the `value:` (or the
// `pending: true` it replaces) changes, every comment, blank line, key order and flow map stays
// byte-identical. The yaml Document locates the nodes (keepSourceTokens links each node to its
// CST token); the edit is made on those CST tokens and the whole CST is printed back verbatim.

export interface Repin {
  handle: string;
  value: string;
}

export interface RepinChange {
  handle: string;
  /** The value before, or 'PENDING' for a PENDING PIN. */
  previous: string;
  value: string;
}

export function repinYamlText(text: string, repins: readonly Repin[], file = 'registry'): { text: string; changes: RepinChange[] } {
  const tokens = [...new Parser().parse(text)];
  const docs = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
  const doc = docs[0];
  if (docs.length !== 1 || !doc) throw new GatewalkError(`${file} must hold exactly one YAML document`);
  if (doc.errors.length) throw new GatewalkError(`${file} is not valid YAML: ${doc.errors[0]!.message}`, VALIDATE);
  const handles = doc.get('handles', true);
  if (!isMap(handles)) throw new GatewalkError(`${file} has no \`handles:\` map`);

  const seen = new Set<string>();
  const changes = repins.map(({ handle, value }) => {
    if (seen.has(handle)) throw new GatewalkError(`handle ${handle} is repinned twice in one request`);
    seen.add(handle);
    const node = handles.get(handle, true);
    if (node === undefined) throw new GatewalkError(`unknown handle ${handle}: not under \`handles:\` in ${file}`);
    if (!isMap(node)) throw new GatewalkError(`handle ${handle} in ${file} is not a map`);
    return { handle, previous: setHandleValue(node as YAMLMap<Scalar, unknown>, handle, value, file), value };
  });
  const out = tokens.map((t) => CST.stringify(t)).join('');
  assertOnlyPinsChanged(text, out, changes, file);
  return { text: out, changes };
}

function setHandleValue(map: YAMLMap<Scalar, unknown>, handle: string, value: string, file: string): string {
  const inFlow = map.srcToken?.type === 'flow-collection';
  const pair = (key: string) => map.items.find((p): p is Pair<Scalar, Scalar> => isScalar(p.key) && p.key.value === key);
  const valuePair = pair('value');
  const pendingPair = pair('pending');
  const pending = isScalar(pendingPair?.value) && pendingPair.value.value === true;
  const type = plainIsSafe(value) ? undefined : ('QUOTE_DOUBLE' as const);

  if (valuePair) {
    const tok = scalarToken(valuePair.value, handle, file);
    const previous = String(valuePair.value?.value);
    // Keep a quoted value quoted; only upgrade a plain one when plain would change its meaning.
    CST.setScalarValue(tok, value, { afterKey: true, inFlow, ...(tok.type === 'scalar' && type ? { type } : {}) });
    if (pending) removeItem(map, pendingPair!, handle, file);
    return pending ? 'PENDING' : previous;
  }
  if (!pending || !pendingPair) throw new GatewalkError(`handle ${handle} in ${file} has neither \`value:\` nor \`pending: true\``, VALIDATE);
  // `pending: true` becomes `value: <new>` on the same line: the value lands where pending was.
  CST.setScalarValue(scalarToken(pendingPair.key, handle, file), 'value', { implicitKey: true, inFlow });
  CST.setScalarValue(scalarToken(pendingPair.value, handle, file), value, { afterKey: true, inFlow, type: type ?? 'PLAIN' });
  return 'PENDING';
}

function scalarToken(node: Scalar | null | undefined, handle: string, file: string): CST.Token {
  const tok = node?.srcToken;
  if (!tok || !['scalar', 'single-quoted-scalar', 'double-quoted-scalar'].includes(tok.type)) {
    throw new GatewalkError(`handle ${handle} in ${file}: cannot edit a non-scalar, anchored or block-scalar entry automatically`, 'repin this handle by hand');
  }
  return tok;
}

/** Drop a `pending: true` line that sits next to a `value:`; comment lines above it are kept. */
function removeItem(map: YAMLMap<Scalar, unknown>, pair: Pair<Scalar, Scalar>, handle: string, file: string): void {
  const block = map.srcToken;
  const idx = block?.type === 'block-map' ? block.items.findIndex((it) => it.key === pair.key?.srcToken) : -1;
  if (!block || block.type !== 'block-map' || idx < 0) {
    throw new GatewalkError(`handle ${handle} in ${file} has both \`value:\` and \`pending: true\` in a flow map`, 'remove `pending: true` by hand');
  }
  const [item] = block.items.splice(idx, 1);
  const lastNl = item!.start.map((t) => t.type).lastIndexOf('newline');
  const carried = item!.start.slice(0, lastNl + 1);
  if (!carried.length) return;
  const next = block.items[idx];
  if (next) next.start.unshift(...carried);
  else block.items.push({ start: carried });
}

/** A plain scalar is safe when YAML reads it back as the same string (not a number, bool, map…). */
function plainIsSafe(value: string): boolean {
  try {
    return parse(value) === value && !/^\s|\s$|#/.test(value);
  } catch {
    return false;
  }
}

/** Belt and braces: the new document must equal the old one with exactly these pins changed. */
function assertOnlyPinsChanged(before: string, after: string, changes: readonly RepinChange[], file: string): void {
  const expected = parse(before) as { handles: Record<string, Record<string, unknown>> };
  for (const c of changes) {
    const h = expected.handles[c.handle]!;
    const entries = Object.entries(h).filter(([k]) => k !== 'pending' || h.pending !== true);
    const at = entries.findIndex(([k]) => k === 'value');
    if (at >= 0) entries[at] = ['value', c.value];
    else entries.splice(Object.keys(h).indexOf('pending'), 0, ['value', c.value]);
    expected.handles[c.handle] = Object.fromEntries(entries);
  }
  if (JSON.stringify(parse(after)) !== JSON.stringify(expected)) {
    throw new GatewalkError(`internal: repinning ${file} would change more than the pinned values; nothing was written`, undefined, ExitCode.internal);
  }
}
