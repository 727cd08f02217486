import { readFile } from 'node:fs/promises';
import { GatewalkError } from '../errors.js';
import { jsonErrorLocation } from '../json-location.js';
import { isErrno } from './durable-fs.js';
import type { Said } from '../advice.js';

// "Read a file, missing means none, parse or fail with a position": the one way gatewalk reads
// its JSON inputs (Terraform outputs, sandbox state, sealed verdicts). YAML goes through
// core/yaml-source.ts, which reads with readTextIfExists too.

/** A file's text, or undefined when it does not exist; any other failure names the file. */
export async function readTextIfExists(file: string, shown: string = file): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new GatewalkError(`cannot read ${shown}: ${why}`, 'check the path and its permissions');
  }
}

/** JSON.parse with a failure reported as `file:line:col` (a problem the operator can fix: exit 2). */
export function parseJsonText(text: string, shown: string, hint?: Said): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewalkError(`${jsonErrorLocation(shown, text, err)}: not valid JSON (${(err as Error).message})`, hint);
  }
}

/** A JSON file's value, or undefined when the file does not exist. */
export async function readJsonIfExists(file: string, hint?: Said, shown: string = file): Promise<unknown> {
  const text = await readTextIfExists(file, shown);
  return text === undefined ? undefined : parseJsonText(text, shown, hint);
}
