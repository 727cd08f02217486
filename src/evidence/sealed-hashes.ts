import { statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../core/hash.js';
import { cacheEnabled } from '../core/machine-key.js';
import { readMaced, writeMaced } from '../core/maced-file.js';
import { isErrno } from '../core/fs/durable-fs.js';
import { readSealedBytes } from './reader.js';

// Which sealed snapshots this machine has already hashed to the SHA-256 their records carry, and
// what each file was then (device, inode, size, mtime and ctime to the nanosecond). Every read of
// the ledger checks every snapshot the logbook vouches for (law 8), and a workspace keeps every
// verdict it ever sealed: without this, each run read and hashed all of them twice. A snapshot is
// sealed once and never written again, so after its first check its identity stands for its bytes:
// any write, chmod, rename or replacement changes the ctime or the inode, which no user program can
// set back. The phase's latest verdict is always read (its verdict is parsed from the bytes that
// hashed), and so is any file whose identity moved.
//
// The list is kept in the project's .gatewalk/cache and MACed with the per-user key outside it
// (core/machine-key.ts), like the logbook checkpoint: a planted or edited list does not verify and
// is ignored. A file changed less than RACY_MS before it was hashed is not remembered: on a file
// system with coarse timestamps a second write in the same tick could keep its ctime.

const FORMAT = 'gatewalk.sealed-hashes/v1';
const RACY_MS = 2_000n;

interface Remembered {
  sha256: string;
  /** dev:ino:size:mtimeNs:ctimeNs when it hashed to sha256. */
  id: string;
}

// Stryker disable next-line StringLiteral: the inode is belt and braces, on Linux a replacement also moves the ctime.
const identity = (st: BigIntStats) => `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;

export class SealedHashes {
  private constructor(
    private readonly where: string | undefined,
    private readonly evidenceRoot: string,
    private known: Map<string, Remembered>,
    private readonly now: () => bigint,
  ) {}

  private readonly used = new Map<string, Remembered>();
  private changed = false;
  private static readonly shared = new Map<string, Promise<SealedHashes>>();

  /**
   * The one list of this process for an evidence root (a run reads its ledger twice; the second
   * read neither reads the list again nor writes it unless it learned something).
   */
  static forProcess(cacheDir: string, evidenceRoot: string): Promise<SealedHashes> {
    const key = `${path.resolve(cacheDir)}\0${path.resolve(evidenceRoot)}`;
    let list = SealedHashes.shared.get(key);
    if (!list) SealedHashes.shared.set(key, (list = SealedHashes.open(cacheDir, evidenceRoot)));
    return list;
  }

  /**
   * The list for one evidence root, kept under `cacheDir`; empty (and never written) when caches are
   * off, when the list is missing, or when it does not verify.
   */
  static async open(cacheDir: string, evidenceRoot: string, o: { enabled?: boolean; now?: () => bigint } = {}): Promise<SealedHashes> {
    const root = path.resolve(evidenceRoot);
    const now = o.now ?? (() => BigInt(Date.now()) * 1_000_000n);
    if (!(o.enabled ?? cacheEnabled())) return new SealedHashes(undefined, root, new Map(), now);
    const where = path.join(cacheDir, `sealed-${sha256Hex(root).slice(0, 32)}.json`);
    return new SealedHashes(where, root, await readList(where), now);
  }

  /**
   * A sealed snapshot's bytes checked against `sha256`, as readSealedBytes answers; `vouched` when
   * this file, unchanged since, already hashed to it (its bytes are not read: give `needBytes` for
   * the one whose verdict is parsed). `listed`: what lstat said of this very file as its phase
   * folder was listed just before (a regular file), which then stands for the stat taken here.
   */
  async check(file: string, sha256: string, needBytes: boolean, listed?: BigIntStats): Promise<Buffer | 'missing' | 'edited' | 'vouched'> {
    let before: BigIntStats;
    try {
      // Synchronous: one stat per sealed verdict, and a workspace keeps hundreds; through the thread
      // pool each took ~50 µs of this thread (its promise) against ~8 µs here.
      before = listed ?? statSync(file, { bigint: true });
    } catch (err) {
      if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return 'missing';
      throw err;
    }
    const key = path.resolve(file);
    const id = identity(before);
    const known = this.known.get(key);
    if (!needBytes && known && known.sha256 === sha256 && known.id === id) {
      this.used.set(key, known);
      return 'vouched';
    }
    const read = await readSealedBytes(file, sha256);
    // What was read hashed right; the identity taken before the read stands for it unless the file
    // was changed too recently for its ctime to tell a later write apart.
    if (typeof read !== 'string' && this.now() - before.ctimeNs >= RACY_MS * 1_000_000n) {
      this.used.set(key, { sha256, id });
      if (known?.sha256 !== sha256 || known.id !== id) this.changed = true;
    }
    return read;
  }

  /** Writes the list of the snapshots checked since open (others are gone or not this ledger's), when it changed. */
  async save(): Promise<void> {
    if (!this.where || (!this.changed && this.used.size === this.known.size)) return;
    try {
      const body = JSON.stringify({ format: FORMAT, evidence_root: this.evidenceRoot, files: Object.fromEntries(this.used) });
      if (!(await writeMaced(this.where, body))) return;
      this.known = new Map(this.used);
      this.changed = false;
    } catch {
      // A list that cannot be written costs the next read its hashing, nothing else.
    }
  }
}

async function readList(where: string): Promise<Map<string, Remembered>> {
  try {
    const body = await readMaced(where);
    if (body === undefined) return new Map();
    const list = JSON.parse(body) as { format?: unknown; files?: unknown };
    // Its files are absolute paths: a list of another evidence root planted here names none of this one's.
    if (list.format !== FORMAT || typeof list.files !== 'object' || list.files === null) return new Map();
    const files = new Map<string, Remembered>();
    for (const [file, r] of Object.entries(list.files as Record<string, Partial<Remembered>>))
      if (typeof r?.sha256 === 'string' && typeof r.id === 'string') files.set(file, { sha256: r.sha256, id: r.id });
    return files;
  } catch {
    return new Map(); // missing, unreadable or not JSON: nothing remembered
  }
}
