import { readFile, stat } from 'node:fs/promises';
import { parseState, type SandboxState } from './state.js';

/**
 * The state as of now. Another process (`gatewalk sandbox apply …`) may replace the file at any
 * time; every call compares mtime, size and inode (atomic writes always give a new inode) and
 * re-reads on change, so a running session sees the change on its next AWS call.
 */
export class StateReader {
  private version: string | undefined;
  private cached: SandboxState | undefined;

  constructor(readonly file: string) {}

  async current(): Promise<SandboxState> {
    const st = await stat(this.file);
    const version = `${st.mtimeMs}:${st.size}:${st.ino}`;
    if (this.cached === undefined || version !== this.version) {
      this.cached = parseState(await readFile(this.file, 'utf8'), this.file);
      this.version = version;
    }
    return this.cached;
  }
}
