import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../../../core/hash.js';
import { cacheEnabled } from '../../../core/machine-key.js';
import { readMaced, writeMaced } from '../../../core/maced-file.js';
import type { SandboxState } from './state.js';

// Every sandbox session reads the state (its region), and the emulator reads it again to serve its
// calls: validating it with its schema (state.ts) loads ~20 ms of schema code and takes ~5 ms a
// parse, on the session's thread and again on the emulator's. writeState() validates before it
// writes, so a state gatewalk wrote is known good already: beside the file, a note MAC'd under the
// per-user key (core/maced-file.ts) names the SHA-256 of the exact text it wrote. A text with that
// digest is taken as JSON.parse of it: what the schema answered when it was written, as the
// schema's output is a fixed point of the schema (its defaults filled, its transforms done;
// test/sandbox/state-vouch.test.ts). Any other text (edited by hand, planted, replaced by another
// tool) or a note that is missing, forged or made under another key: the text is validated as before.

export interface VouchOptions {
  /** Default: cacheEnabled() (off with GATEWALK_CACHE=off and when running from sources). */
  enabled?: boolean;
}

/** Where the note for `stateFile` is kept: beside it, hidden. */
export const vouchFileOf = (stateFile: string) => path.join(path.dirname(stateFile), `.${path.basename(stateFile)}.vouch.json`);

/** Records that `text`, just written to `stateFile`, was validated. A note that cannot be written only means the next read validates. */
export async function vouchForState(stateFile: string, text: string, o: VouchOptions = {}): Promise<void> {
  if (!(o.enabled ?? cacheEnabled())) return;
  try {
    await writeMaced(vouchFileOf(stateFile), JSON.stringify({ sha256: sha256Hex(text) }));
  } catch {
    // a read-only folder, a full disk: the state itself was written; the note is an optimisation
  }
}

/** The state `text` of `file` as the schema answers it: unvalidated only when its note vouches for exactly this text. */
export async function checkedState(text: string, file: string, o: VouchOptions = {}): Promise<SandboxState> {
  if ((o.enabled ?? cacheEnabled()) && (await vouched(file, text))) return JSON.parse(text) as SandboxState;
  return (await import('./state.js')).parseState(text, file);
}

/** readState, skipping the schema for a text gatewalk wrote (checkedState). */
export async function readCheckedState(file: string, o: VouchOptions = {}): Promise<SandboxState> {
  return checkedState(await readFile(file, 'utf8'), file, o);
}

async function vouched(file: string, text: string): Promise<boolean> {
  const body = await readMaced(vouchFileOf(file));
  if (body === undefined) return false;
  try {
    return (JSON.parse(body) as { sha256?: unknown }).sha256 === sha256Hex(text);
  } catch {
    return false;
  }
}
