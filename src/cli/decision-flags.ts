import type { Attestation } from '../core/context.js';
import type { RepinDecision } from '../engine/decisions.js';
import { GatewalkError } from '../core/errors.js';
import type { CliArgs } from './args.js';

/** `--attest STEP=pass|fail:NOTE` → step → attestation. */
export function parseAttestFlags(flags: readonly string[]): Map<string, Attestation> {
  const out = new Map<string, Attestation>();
  for (const f of flags) {
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(pass|fail)(?::(.*))?$/s.exec(f);
    if (!m)
      throw new GatewalkError(
        `--attest ${f}: expected STEP=pass:NOTE or STEP=fail:NOTE`,
        'e.g. --attest authority-lock=pass:"stack pinned in build plan r12"',
      );
    if (!m[3]?.trim()) throw new GatewalkError(`--attest ${f}: an attestation needs a note`, `--attest ${m[1]}=${m[2]}:"what you checked"`);
    out.set(m[1]!, { status: m[2] as 'pass' | 'fail', note: m[3].trim() });
  }
  return out;
}

/** `--repin HANDLE=VALUE …`, `--repin-from terraform|live`, `--reason TEXT` → a decision, or none. */
export function parseRepinFlags(args: Pick<CliArgs, 'repin' | 'repinFrom' | 'reason'>): RepinDecision | undefined {
  if (!args.repin.length && !args.repinFrom) {
    if (args.reason !== undefined) throw new GatewalkError('--reason given without --repin or --repin-from', 'add the repin it explains');
    return undefined;
  }
  if (args.repinFrom && args.repinFrom !== 'terraform' && args.repinFrom !== 'live') {
    throw new GatewalkError(`--repin-from ${args.repinFrom}: expected terraform or live`);
  }
  if (!args.reason?.trim()) throw new GatewalkError('a repin needs a rationale', 'pass --reason "why the new value is right"');
  const repins = args.repin.map((r) => {
    const i = r.indexOf('=');
    if (i <= 0 || i === r.length - 1) throw new GatewalkError(`--repin ${r}: expected HANDLE=VALUE`);
    return { handle: r.slice(0, i), value: r.slice(i + 1) };
  });
  return { repins, reason: args.reason.trim(), ...(args.repinFrom ? { fromSource: args.repinFrom as 'terraform' | 'live' } : {}) };
}
