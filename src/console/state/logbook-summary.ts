import type { LogbookRecord } from '../../logbook/index.js';
import { sanitizeLine } from '../../core/sanitize.js';

// One display line per logbook record: the decision in words, never the raw JSON.

const str = (v: unknown) => (v === undefined || v === null ? '' : sanitizeLine(typeof v === 'string' ? v : JSON.stringify(v)));

export function summarizeRecord(r: LogbookRecord): string {
  const d = (r.data ?? {}) as Record<string, unknown>;
  const phase = str(d.phase);
  switch (r.kind) {
    case 'repin':
      return `${phase} ${str(d.handle)}: ${str(d.from)} → ${str(d.to)} (${str(d.source)}) — ${str(d.reason)}`;
    case 'attest':
      return `${phase}/${str(d.step)} ${str(d.status).toUpperCase()} — ${str(d.note)}`;
    case 'verdict.sealed':
      return `${phase} ${d.overall_pass === true ? 'GREEN' : 'BLOCKED'} blockers ${str(d.blockers) || '[]'} → ${d.sealed_in === 'logbook' ? 'sealed in this record' : str(d.path)}`;
    case 'conflict.stop':
      return `${phase} STOP: ${Array.isArray(d.conflicts) ? d.conflicts.length : '?'} conflict(s)`;
    case 'abort':
      return `${phase} — ${str(d.reason)}`;
    case 'interrupted':
      return `${phase} steps run: ${str(d.steps_run)}`;
    case 'authority.resolved':
      return `${phase} ${str(d.handle)} settled by authority rank`;
    default:
      return str(d).slice(0, 200);
  }
}
