import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkAnchors } from '../engine/verify-anchors.js';
import { ExitCode, GatewalkError } from '../core/errors.js';
import { readVerifiedHead } from '../logbook/read-verified.js';
import { headOf, type LogbookHead } from '../logbook/record.js';
import { parseHead, SignedHead, signHead, verifySignedHead } from '../logbook/signed-head.js';
import { verifyLogbookIndexed } from '../logbook/verify-parallel.js';
import { VERDICT_SEALED_KIND } from '../engine/verdict-sealed.js';
import { sanitizeLine } from '../core/sanitize.js';
import { loadWorkspace, openSession } from '../session/session.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';

const USAGE = 'usage: gatewalk logbook verify [--head SEQ:HASH] [--signed-head FILE] | gatewalk logbook head [--sign KMS_KEY_ID] [--json]';

export async function logbookCommand(args: CliArgs, io: Io, signal: AbortSignal): Promise<number> {
  const sub = args.command[1];
  if (sub === 'head' && args.command.length === 2) return headCommand(args, io, signal);
  if (sub === 'verify' && args.command.length === 2) return verifyCommand(args, io, signal);
  throw new GatewalkError(USAGE, 'verify checks the hash chain and its anchors; head prints the head to pin outside');
}

/** The head to pin outside (a commit, a CI artifact); signed with KMS when `--sign` names a key. */
async function headCommand(args: CliArgs, io: Io, signal: AbortSignal): Promise<number> {
  const { workspace: ws } = await loadWorkspace(sessionOptions(args));
  const head = await readVerifiedHead(ws.logbookPath);
  if (args.sign === undefined) {
    io.out(args.json ? JSON.stringify(head) : `${head.seq}:${head.hash}`);
    return ExitCode.green;
  }
  const session = await openSession(sessionOptions(args));
  try {
    const signed = await signHead(await session.clients.kms(), args.sign, { env: ws.env, substrate: ws.substrate }, head, signal);
    io.out(JSON.stringify(signed, null, 2));
    return ExitCode.green;
  } finally {
    await session.close();
  }
}

async function verifyCommand(args: CliArgs, io: Io, signal: AbortSignal): Promise<number> {
  const { program, workspace: ws } = await loadWorkspace(sessionOptions(args));
  // The anchors need every record's hash but only the verdict.sealed records whole (verify-anchors.ts).
  const chain = await verifyLogbookIndexed(ws.logbookPath, [VERDICT_SEALED_KIND]);
  const res = chain.result;
  if (!res.ok) {
    io.out(`BROKEN: ${ws.logbookPath}:${res.line}: ${res.reason}`);
    return ExitCode.blockers; // a broken audit trail blocks progression like any other blocker
  }
  const { hashes } = chain;
  const problems = await checkAnchors(program.runbook.doc, ws, chain);
  const pins: Array<{ what: string; head: LogbookHead }> = [];
  if (args.head !== undefined) pins.push({ what: `--head ${args.head}`, head: parseHead(args.head) });
  if (args.signedHead !== undefined) {
    const signed = await readSignedHead(args.signedHead);
    if (signed.env !== ws.env || signed.substrate !== ws.substrate)
      problems.push(`${args.signedHead}: signed for env ${signed.env} on ${signed.substrate}, not ${ws.env} on ${ws.substrate}`);
    else if (!(await verifyWithSession(args, signed, signal)))
      problems.push(`${args.signedHead}: the KMS signature does not verify with ${signed.key_id} (forged or altered)`);
    else pins.push({ what: `signed head ${signed.seq}:${signed.hash.slice(0, 12)}…`, head: signed });
  }
  for (const { what, head } of pins) {
    const held = head.seq === 0 || hashes[head.seq - 1] === head.hash;
    if (!held)
      problems.push(
        `${what}: ${head.seq > hashes.length ? `the logbook ends at ${hashes.length}: truncated` : `record ${head.seq} is not the pinned one: rewritten`}`,
      );
  }
  if (problems.length) {
    for (const p of problems) io.out(`BROKEN: ${sanitizeLine(p)}`);
    return ExitCode.blockers;
  }
  const head = headOf(hashes.length ? { seq: hashes.length, hash: hashes.at(-1)! } : undefined);
  io.out(
    `ok: ${ws.logbookPath}: ${res.records} record(s), hash chain intact; anchors hold; head ${head.seq}:${head.hash}${pins.length ? `; contains ${pins.map((p) => p.what).join(', ')}` : ''}`,
  );
  return ExitCode.green;
}

async function readSignedHead(file: string): Promise<SignedHead> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.resolve(file), 'utf8'));
  } catch (err) {
    throw new GatewalkError(
      `--signed-head ${file}: ${(err as Error).message}`,
      'pass the JSON printed by `gatewalk logbook head --sign KEY`',
    );
  }
  const parsed = SignedHead.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new GatewalkError(
      `--signed-head ${file}: ${i.path.join('.') || '(top)'}: ${i.message}`,
      'pass the JSON printed by `gatewalk logbook head --sign KEY`',
    );
  }
  return parsed.data;
}

async function verifyWithSession(args: CliArgs, signed: SignedHead, signal: AbortSignal): Promise<boolean> {
  const session = await openSession(sessionOptions(args));
  try {
    return await verifySignedHead(await session.clients.kms(), signed, signal);
  } finally {
    await session.close();
  }
}
