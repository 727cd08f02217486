import { open } from 'node:fs/promises';
import path from 'node:path';
import {
  Alias,
  Composer,
  Document,
  LineCounter,
  Parser,
  YAMLParseError,
  isMap,
  isNode,
  isScalar,
  isSeq,
  visit,
  type CST,
  type YAMLError,
} from 'yaml';
import { GatewalkError, type Problem } from './errors.js';
import { isErrno } from './fs/durable-fs.js';
import { sha256Hex } from './hash.js';
import { bytePosition, invalidUtf8Offset, MAX_FILE_BYTES, tokenLimitProblem } from './yaml-limits.js';

// One YAML input file, parsed once with positions kept so every later problem (zod shape,
// cross reference) can point at `file:line:col`.

export type Path = (string | number)[];

/** Aliases a document may expand: enough for real reuse, far too few for a "billion laughs". */
export const MAX_ALIAS_COUNT = 50;

export interface YamlSource {
  /** Absolute path. */
  path: string;
  /** Path as shown in problems: relative to the project root when inside it. */
  file: string;
  text: string;
  /** Of the file's bytes, as read (not of the decoded text). */
  sha256: string;
  doc: Document;
  /** Plain JS value, or undefined when the document could not be trusted (syntax error, alias bomb). */
  data: unknown;
  problems: Problem[];
}

const lineCounters = new WeakMap<Document, LineCounter>();

export function displayPath(absPath: string, root: string): string {
  const rel = path.relative(root, absPath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : absPath;
}

/** Read and parse a YAML file; undefined when it does not exist (the caller says what to do). */
export async function readYamlSource(absPath: string, root: string): Promise<YamlSource | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readBounded(absPath);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new GatewalkError(`cannot read ${displayPath(absPath, root)}: ${why}`, 'check the path and its permissions');
  }
  return parseYamlSource(bytes, absPath, root);
}

/** At most MAX_FILE_BYTES + 1 bytes: enough to tell that a file is too large without reading it all. */
async function readBounded(absPath: string): Promise<Buffer> {
  const fh = await open(absPath, 'r');
  try {
    const buf = Buffer.alloc(Math.min((await fh.stat()).size, MAX_FILE_BYTES) + 1);
    let n = 0;
    for (let r = -1; r !== 0 && n < buf.length; n += r) r = (await fh.read(buf, n, buf.length - n, n)).bytesRead;
    return buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

export interface ParseOptions {
  /** Accept YAML 1.1 merge keys (`<<: *anchor`), as the sandbox's scenario files use them. */
  merge?: boolean;
}

/**
 * Parses one file's bytes (or text); `root` makes problem paths root-relative (absent: the path as
 * given). Size, UTF-8 and the nesting/scalar limits are refused first, each with its position.
 */
export function parseYamlSource(input: string | Buffer, absPath: string, root?: string, opts: ParseOptions = {}): YamlSource {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const file = root === undefined ? absPath : displayPath(absPath, root);
  const sha256 = sha256Hex(bytes);
  const refused = (text: string, line: number, col: number, message: string): YamlSource => {
    const doc = new Document(null);
    lineCounters.set(doc, new LineCounter()); // locate() on it points at 1:1
    return { path: absPath, file, text, sha256, doc, data: undefined, problems: [{ file, line, col, message }] };
  };
  if (bytes.length > MAX_FILE_BYTES) return refused('', 1, 1, `file is larger than the limit of ${MAX_FILE_BYTES} bytes`);
  const bad = invalidUtf8Offset(bytes);
  if (bad !== undefined) {
    const at = bytePosition(bytes, bad);
    return refused('', at.line, at.col, `not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at offset ${bad})`);
  }
  const text = typeof input === 'string' ? input : bytes.toString('utf8');
  // One concrete-syntax parse (no recursion) serves both the limits and the document, as
  // yaml's parseDocument would do it, but with the limits checked before composing.
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const limit = tokenLimitProblem(tokens);
  if (limit) {
    const at = lineCounter.linePos(limit.offset);
    return refused(text, at.line, at.col, limit.message);
  }
  const doc = composeOne(tokens, text.length, opts.merge ?? false);
  lineCounters.set(doc, lineCounter);
  const at = (offset: number, message: string): Problem => ({ file, ...lineCounter.linePos(offset), message });
  const yamlProblem = (e: YAMLError) => at(e.pos[0], `YAML: ${e.message.split('\n')[0]}`);
  const problems = [...doc.errors.map(yamlProblem), ...doc.warnings.map(yamlProblem)];
  // Duplicate keys leave a well-formed tree, so shape checks still run; other errors do not.
  const trusted = doc.errors.every((e) => e.code === 'DUPLICATE_KEY');
  let data: unknown;
  if (trusted) {
    const { value, problem } = toPlain(doc);
    data = value;
    if (problem) problems.push(at(problem.offset, problem.message));
  }
  return { path: absPath, file, text, sha256, doc, data, problems };
}

/** The one document of a file (a second one is an error, as in yaml's parseDocument). */
function composeOne(tokens: CST.Token[], length: number, merge: boolean): Document.Parsed {
  // prettyErrors off: positions come from our own LineCounter, messages stay one line.
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, merge });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(
        new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'a file holds one document; remove the second `---`'),
      );
      break;
    }
  }
  return doc!;
}

/** doc.toJS with the alias limit, reporting the alias at which expansion was refused. */
function toPlain(doc: Document): { value: unknown; problem?: { offset: number; message: string } } {
  let failed: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      // Per-instance wrapper: the innermost alias that throws is the one to point at.
      const resolve = Alias.prototype.toJSON;
      node.toJSON = function (this: Alias, ...args: Parameters<typeof resolve>) {
        try {
          return resolve.apply(this, args);
        } catch (err) {
          // eslint-disable-next-line @typescript-eslint/no-this-alias -- remember which alias failed to resolve
          failed ??= this;
          throw err;
        }
      };
    },
  });
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    const message = (err as Error).message;
    const why = /resource exhaustion/.test(message)
      ? `YAML: alias expansion exceeds ${MAX_ALIAS_COUNT} (alias bomb refused)`
      : `YAML: ${message}`;
    return { value: undefined, problem: { offset: failed?.range?.[0] ?? 0, message: why } };
  }
}

/**
 * Position of the closest existing node for a (zod issue) path: walks down as far as the path
 * exists. `key: true` points at the last segment's key rather than its value.
 */
export function locate(doc: Document, at: Path, opts: { key?: boolean } = {}): { line: number; col: number } {
  const lineCounter = lineCounters.get(doc);
  if (!lineCounter) throw new Error('locate: document was not parsed by parseYamlSource');
  let node: unknown = doc.contents;
  let offset = isNode(node) && node.range ? node.range[0] : 0;
  for (const [i, seg] of at.entries()) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyStart = isNode(pair.key) ? pair.key.range?.[0] : undefined;
      if ((opts.key && i === at.length - 1) || !isNode(pair.value) || !pair.value.range) {
        if (keyStart !== undefined) offset = keyStart;
        break;
      }
      next = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (!isNode(next) || !next.range) break;
    node = next;
    offset = next.range[0];
  }
  return lineCounter.linePos(offset);
}

/** A problem at a path inside a parsed source. */
export function problemAt(src: Pick<YamlSource, 'doc' | 'file'>, at: Path, message: string, opts?: { key?: boolean }): Problem {
  return { file: src.file, ...locate(src.doc, at, opts), message };
}
