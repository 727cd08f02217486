import { statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SandboxState } from './state.js';
import { checkedState } from './state-vouch.js';

/**
 * The state as of now. Another process (`gatewalk sandbox apply …`) may replace the file at any
 * time; every call compares mtime, size and inode (atomic writes always give a new inode) and
 * re-reads on change, so a running session sees the change on its next AWS call. The stat is
 * synchronous: through the thread pool it cost the emulator's thread ~180 µs a call (a served
 * sandbox's profile, 22 calls a green M4.C), against ~10 µs.
 */
export class StateReader {
  /** The parse of one version of the file, shared by every request that asks while it runs. */
  private latest: { version: string; state: Promise<SandboxState> } | undefined;

  constructor(readonly file: string) {}

  current(): Promise<SandboxState> {
    let st: Stats;
    try {
      st = statSync(this.file);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const version = `${st.mtimeMs}:${st.size}:${st.ino}`;
    // A burst of concurrent requests (a pass asks 20+ at once) parses the file once, not once each.
    if (this.latest?.version !== version) this.latest = { version, state: readFile(this.file, 'utf8').then((text) => checkedState(text, this.file)) };
    return this.latest.state;
  }
}
