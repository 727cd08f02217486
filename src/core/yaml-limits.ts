import { Parser, type CST } from 'yaml';

export { bytePosition, invalidUtf8Offset, MAX_FILE_BYTES } from './input-limits.js';

// Bounds on what a YAML input may ask of the parser, checked on the concrete syntax tree (built
// without recursion) before the document is composed: deep nesting would overflow the composer's
// stack, a huge file or scalar would take gigabytes. Registries and runbooks stay far below these.

/** Deepest nesting of mappings/sequences (the shipped runbook needs 7). */
export const MAX_DEPTH = 64;
/** Longest single scalar (a value or a key) in its source form, in characters. */
export const MAX_SCALAR_CHARS = 64 * 1024;

export interface LimitProblem {
  offset: number;
  message: string;
}

type Node = CST.Token | undefined;

/** The first limit a document's text crosses, at the offset where it does; undefined when within all. */
export function yamlLimitProblem(text: string): LimitProblem | undefined {
  return tokenLimitProblem(new Parser().parse(text));
}

/** The same check on tokens already parsed (parseYamlSource composes the document from them afterwards). */
export function tokenLimitProblem(tokens: Iterable<CST.Token>): LimitProblem | undefined {
  const stack: Array<{ node: Node; depth: number }> = [];
  for (const token of tokens) stack.push({ node: token, depth: 0 });
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!node) continue;
    switch (node.type) {
      case 'document':
        stack.push({ node: node.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (depth + 1 > MAX_DEPTH) return { offset: node.offset, message: `YAML: nesting deeper than ${MAX_DEPTH} levels` };
        for (const item of node.items) {
          if ('key' in item) stack.push({ node: item.key ?? undefined, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        }
        break;
      }
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        if (node.source.length > MAX_SCALAR_CHARS) {
          return {
            offset: node.offset,
            message: `YAML: scalar of ${node.source.length} characters is longer than the limit of ${MAX_SCALAR_CHARS}`,
          };
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}
