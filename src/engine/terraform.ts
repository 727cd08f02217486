import { GatewalkError } from '../core/errors.js';
import { readJsonIfExists } from '../core/fs/read-file.js';
import type { TerraformOutputs } from '../core/context.js';

/**
 * Reads `terraform output -json` files. A missing file means the source offers nothing (yet);
 * a malformed one is a configuration error. Sensitive outputs are never read into memory as values.
 */
export async function readTerraformValues(paths: Record<string, string>): Promise<TerraformOutputs> {
  const out: TerraformOutputs = {};
  for (const [source, file] of Object.entries(paths)) {
    const parsed = await readJsonIfExists(file, 'regenerate it with `terraform output -json > ' + file + '`');
    if (parsed === undefined) continue;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new GatewalkError(`${file}: expected the object printed by \`terraform output -json\``);
    }
    const values: Record<string, unknown> = {};
    for (const [name, o] of Object.entries(parsed as Record<string, unknown>)) {
      const entry = o as { value?: unknown; sensitive?: boolean } | null;
      if (!entry || typeof entry !== 'object' || !('value' in entry)) {
        throw new GatewalkError(`${file}: output "${name}" has no "value" field`, 'use the format of `terraform output -json`');
      }
      if (entry.sensitive) continue;
      values[name] = entry.value;
    }
    out[source] = values;
  }
  return out;
}
