import type { Handle } from '../core/registry-schema.js';
import type { Problem } from '../core/errors.js';
import type { RegistryParts } from './registry-parts.js';
import { locate, problemAt, type YamlSource } from '../core/yaml-source.js';

// Cross references inside the registry and its overlays: the authority stack names real
// documents, services run as known iam_role handles, Terraform refs name a declared source.

type Src = Pick<YamlSource, 'doc' | 'file' | 'data'>;

export interface RegistryFile {
  src: Src;
  parts: RegistryParts;
}

function documentIdProblems(src: Src): Problem[] {
  const docs = (src.data as { authority?: { documents?: unknown } } | undefined)?.authority?.documents;
  const first = new Map<string, number>();
  return (Array.isArray(docs) ? docs : []).flatMap((d: unknown, i): Problem[] => {
    const id = (d as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return [];
    const seen = first.get(id);
    if (seen === undefined) {
      first.set(id, i);
      return [];
    }
    const line = locate(src.doc, ['authority', 'documents', seen]).line;
    return [problemAt(src, ['authority', 'documents', i, 'id'], `duplicate authority document id "${id}" (first at line ${line})`)];
  });
}

function terraformProblems(file: RegistryFile, sources: ReadonlySet<string> | undefined): Problem[] {
  if (!sources) return [];
  return Object.entries(file.parts.handles).flatMap(([name, h]) =>
    h.terraform && !sources.has(h.terraform.source)
      ? [
          problemAt(
            file.src,
            ['handles', name, 'terraform', 'source'],
            `handle ${name}: terraform source "${h.terraform.source}" is not under terraform.sources (${[...sources].join(', ') || 'none declared'})`,
          ),
        ]
      : [],
  );
}

export function validateRegistry(
  primary: RegistryFile,
  overlays: readonly RegistryFile[],
  handles: Record<string, Handle>,
  env: string,
): Problem[] {
  const { src, parts } = primary;
  const problems = [...documentIdProblems(src)];
  if (parts.env !== undefined && parts.env !== env) {
    problems.push(problemAt(src, ['env'], `registry env is "${parts.env}" but it was loaded for env "${env}"`));
  }
  const known = [...parts.ranks.keys()].join(', ');
  if (parts.self !== undefined && !parts.ranks.has(parts.self)) {
    problems.push(problemAt(src, ['authority', 'self'], `authority.self "${parts.self}" is not one of authority.documents (${known})`));
  }
  const malformed = new Set([primary, ...overlays].flatMap((f) => [...f.parts.malformed]));
  parts.documents.forEach((d, i) => {
    if (!d.sha256_pin || malformed.has(d.sha256_pin)) return;
    const h = handles[d.sha256_pin];
    const why = !h
      ? `unknown handle ${d.sha256_pin}`
      : h.kind !== 'sha256'
        ? `${d.sha256_pin} is a ${h.kind} handle, not a sha256`
        : undefined;
    const at = (src.data as { authority: { documents: Array<{ id?: string }> } }).authority.documents.findIndex((x) => x?.id === d.id);
    if (why)
      problems.push(
        problemAt(src, ['authority', 'documents', at < 0 ? i : at, 'sha256_pin'], `authority document ${d.id}: sha256_pin ${why}`),
      );
  });
  for (const [svc, s] of Object.entries(parts.services)) {
    const h = handles[s.role];
    if (malformed.has(s.role)) continue;
    const why = !h ? `unknown handle ${s.role}` : h.kind !== 'iam_role' ? `${s.role} is a ${h.kind} handle, not an iam_role` : undefined;
    if (why) problems.push(problemAt(src, ['services', svc, 'role'], `service ${svc}: role ${why}`));
  }
  const selves = new Map<string, string>(parts.self ? [[parts.self, src.file]] : []);
  for (const overlay of overlays) {
    problems.push(...terraformProblems(overlay, parts.sources));
    const self = overlay.parts.self;
    if (self === undefined) continue;
    const at = ['authority', 'self'];
    if (!parts.ranks.has(self)) {
      problems.push(
        problemAt(overlay.src, at, `overlay authority.self "${self}" is not one of the registry's authority.documents (${known})`),
      );
    } else if (selves.has(self)) {
      problems.push(problemAt(overlay.src, at, `authority document "${self}" is already spoken for by ${selves.get(self)}`));
    } else selves.set(self, overlay.src.file);
  }
  return [...problems, ...terraformProblems(primary, parts.sources)];
}
