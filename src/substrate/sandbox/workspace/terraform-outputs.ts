import { mkdir, rm } from 'node:fs/promises';
import { readJsonIfExists } from '../../../core/fs/read-file.js';
import { dirname } from 'node:path';
import * as z from '../../../core/zod-mini.js';
import { replaceFileAtomic } from '../../../core/fs/durable-fs.js';
import { GatewalkError } from '../../../core/errors.js';
import { RESET_HINT } from '../state/reset-hint.js';

// `terraform output -json` files: { name: { sensitive, type, value } }. Scenario and change files
// may write an output as a bare string, the common case (role ARNs).

export const TerraformOutput = z.strictObject({
  sensitive: z._default(z.boolean(), false),
  type: z.unknown(),
  value: z.unknown(),
});
export type TerraformOutput = z.infer<typeof TerraformOutput>;
export type TerraformOutputs = Record<string, TerraformOutput>;

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A bare string, or the full form; the type of primitives is inferred as Terraform prints it. */
export const TerraformOutputSpec = z.pipe(
  z.union([
    z.string(),
    z.strictObject({ value: z.unknown(), type: z.optional(z.unknown()), sensitive: z._default(z.boolean(), false) }),
  ]),
  z.transform((spec, ctx): TerraformOutput => {
    if (typeof spec === 'string') return { sensitive: false, type: 'string', value: spec };
    const inferred = typeof spec.value === 'string' ? 'string' : typeof spec.value === 'number' ? 'number' : typeof spec.value === 'boolean' ? 'bool' : undefined;
    const type = spec.type ?? inferred;
    if (type === undefined) {
      const message = 'give `type` (as `terraform output -json` prints it) for a non-primitive output value';
      ctx.issues.push({ code: 'custom', message, input: spec, path: [] });
      return z.NEVER;
    }
    return { sensitive: spec.sensitive, type, value: spec.value };
  }),
);

export const TerraformOutputSpecs = z.record(z.string().check(z.regex(OUTPUT_NAME, 'a Terraform output name')), TerraformOutputSpec);

export const TerraformOutputsFile = z.record(z.string(), TerraformOutput);

/** The whole `terraform output -json` document the sandbox keeps for a source (values, types, sensitivity). */
export async function readTerraformOutputsFile(file: string): Promise<TerraformOutputs | undefined> {
  const raw = await readJsonIfExists(file, RESET_HINT);
  if (raw === undefined) return undefined;
  const parsed = TerraformOutputsFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GatewalkError(`${file}: not in \`terraform output -json\` format at ${issue.path.join('.') || '(top level)'}: ${issue.message}`, RESET_HINT);
  }
  return parsed.data;
}

/** Writes the file, or removes it when `outputs` is undefined (the stack has no outputs at all). */
export async function writeTerraformOutputs(file: string, outputs: TerraformOutputs | undefined): Promise<void> {
  if (outputs === undefined) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b)));
  await replaceFileAtomic(file, JSON.stringify(sorted, null, 2) + '\n');
}
