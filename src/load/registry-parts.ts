import type * as z from '../core/zod-mini.js';
import { AuthorityDocument, Handle, RegistryDoc, Service } from '../core/registry-schema.js';

// The usable parts of a registry or overlay document, even when some entries are malformed, so
// cross references are still checked and every problem is reported in one pass. Shape problems
// themselves come from the whole-document parse; this only decides what the cross checks see.

export interface RegistryParts {
  env?: string;
  self?: string;
  /** Authority document id → rank (first occurrence wins; duplicates are reported elsewhere). */
  ranks: Map<string, number>;
  /** Well-formed authority documents, in order. */
  documents: AuthorityDocument[];
  handles: Record<string, Handle>;
  /** Handle names present but malformed: references to them are not "unknown". */
  malformed: Set<string>;
  services: Record<string, Service>;
  malformedServices: Set<string>;
  /** undefined when the terraform section is malformed (source checks are then skipped). */
  sources?: Set<string>;
  overlays: Array<{ path: string; index: number }>;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function entries<T>(raw: unknown, schema: z.ZodMiniType<T>): { ok: Record<string, T>; bad: Set<string> } {
  const ok: Record<string, T> = {};
  const bad = new Set<string>();
  for (const [name, value] of Object.entries(asRecord(raw))) {
    const r = schema.safeParse(value);
    if (r.success) ok[name] = r.data;
    else bad.add(name);
  }
  return { ok, bad };
}

const shape = RegistryDoc.shape;

export function registryParts(data: unknown): RegistryParts {
  const raw = asRecord(data);
  const handles = entries(raw.handles, Handle);
  const services = entries(raw.services, Service);
  const authority = asRecord(raw.authority);
  const ranks = new Map<string, number>();
  const documents: AuthorityDocument[] = [];
  for (const d of Array.isArray(authority.documents) ? authority.documents : []) {
    const r = AuthorityDocument.safeParse(d);
    if (r.success && !ranks.has(r.data.id)) {
      ranks.set(r.data.id, r.data.rank);
      documents.push(r.data);
    }
  }
  const terraform = shape.terraform.safeParse(raw.terraform);
  const overlays = (Array.isArray(raw.overlays) ? raw.overlays : [])
    .map((o: unknown, index: number) => ({ path: asRecord(o).path, index }))
    .filter((o): o is { path: string; index: number } => typeof o.path === 'string' && o.path.length > 0);
  return {
    ...(typeof raw.env === 'string' ? { env: raw.env } : {}),
    ...(typeof authority.self === 'string' ? { self: authority.self } : {}),
    ranks,
    documents,
    handles: handles.ok,
    malformed: handles.bad,
    services: services.ok,
    malformedServices: services.bad,
    ...(terraform.success ? { sources: new Set(Object.keys(terraform.data?.sources ?? {})) } : {}),
    overlays,
  };
}
