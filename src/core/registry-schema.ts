import * as z from './zod-mini.js';
import { relativePathProblem } from './confine.js';

// Shapes of registry/<env>.yaml. Cross-file rules (unknown handles, services naming missing
// roles, terraform sources) live in validate-program.ts; this file is only the per-document shape.

export const HANDLE_NAME = /^[A-Z][A-Z0-9_]*$/;
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
export const SSM_PATH = /^\/[A-Za-z0-9_.\-/]{1,1010}$/;
export const ACCOUNT_ID = /^\d{12}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

export const HANDLE_KINDS = ['account_id', 'region', 'iam_role', 'ssm_parameter', 'string', 'sha256'] as const;
export type HandleKind = (typeof HANDLE_KINDS)[number];

const valuePatterns: Partial<Record<HandleKind, { re: RegExp; what: string }>> = {
  account_id: { re: ACCOUNT_ID, what: 'a 12-digit AWS account id' },
  region: { re: REGION, what: 'an AWS region such as eu-west-2' },
  iam_role: { re: ROLE_ARN, what: 'an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)' },
  ssm_parameter: { re: SSM_PATH, what: 'an SSM parameter path starting with /' },
  sha256: { re: /^[0-9a-f]{64}$/, what: 'a SHA-256 as 64 lower-case hex digits' },
};

export const TerraformRef = z.strictObject({
  source: z.string().check(z.minLength(1), z.describe('name of an entry under terraform.sources')),
  output: z.string().check(z.minLength(1), z.describe('output name in `terraform output -json`')),
});

export const Handle = z
  .strictObject({
    kind: z.enum(HANDLE_KINDS),
    value: z.optional(z.string().check(z.minLength(1))).check(z.describe('the pinned value; absent when pending')),
    pending: z.optional(z.boolean()).check(z.describe('true: a PENDING PIN, no concrete value yet')),
    description: z.optional(z.string()),
    required: z.optional(z.boolean()).check(z.describe('ssm_parameter: must exist (default true)')),
    secure: z.optional(z.boolean()).check(z.describe('ssm_parameter: must be a SecureString (default true)')),
    role_name: z.optional(z.string().check(z.regex(/^[\w+=,.@-]{1,64}$/))).check(z.describe('iam_role: role name pinned in design')),
    terraform: z.optional(TerraformRef).check(z.describe('Terraform output that offers this value')),
  })
  .check(
    z.superRefine((h, ctx) => {
      if (h.pending && h.value !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['pending'], message: 'a handle is either pending or has a value, not both' });
      }
      if (!h.pending && h.value === undefined) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'a handle needs a value, or `pending: true` for a PENDING PIN' });
      }
      const pattern = valuePatterns[h.kind];
      if (pattern && h.value !== undefined && !pattern.re.test(h.value)) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: `malformed ${h.kind}: expected ${pattern.what}, got "${h.value}"` });
      }
    }),
  );
export type Handle = z.infer<typeof Handle>;

/** A path gatewalk reads or writes: relative to the project root and inside it. */
const RootPath = z.string().check(
  z.minLength(1),
  z.superRefine((p, ctx) => {
    const problem = relativePathProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

export const AuthorityDocument = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9_]+$/)),
  path: z.string().check(z.minLength(1)),
  rank: z.number().check(z.int(), z.gte(1), z.describe('1 is the highest authority')),
  title: z.optional(z.string()),
  sha256_pin: z
    .optional(z.string().check(z.regex(HANDLE_NAME)))
    .check(z.describe('sha256 handle pinning this document’s content (docs.pinned checks it)')),
});
export type AuthorityDocument = z.infer<typeof AuthorityDocument>;

export const Service = z.strictObject({
  role: z.string().check(z.regex(HANDLE_NAME), z.describe('iam_role handle this service runs as')),
  lane: z.string().check(z.minLength(1)),
  entrypoint: z.optional(z.string().check(z.minLength(1))),
});
export type Service = z.infer<typeof Service>;

export const RegistryDoc = z.strictObject({
  $schema: z.optional(z.string()),
  env: z.string().check(z.regex(/^[a-z0-9_]+$/)),
  title: z.optional(z.string()),
  authority: z.strictObject({
    self: z.string().check(z.describe('id of the authority document this registry speaks for')),
    documents: z.array(AuthorityDocument).check(z.minLength(1)),
  }),
  paths: z.strictObject({
    evidence_root: RootPath,
    logbook: RootPath.check(z.regex(/\.jsonl$/, 'the logbook is a .jsonl file')),
    impl_actual: RootPath.check(z.regex(/\.md$/, 'impl_actual is a Markdown (.md) file')),
  }),
  overlays: z
    .optional(z.array(z.strictObject({ path: RootPath })))
    .check(z.describe('other registry documents (each with its own authority.self) merged by rank')),
  handles: z.record(z.string().check(z.regex(HANDLE_NAME, 'handle names are UPPER_SNAKE_CASE')), Handle),
  services: z.optional(z.record(z.string().check(z.regex(HANDLE_NAME)), Service)),
  terraform: z.optional(z.strictObject({ sources: z.record(z.string(), z.strictObject({ path: RootPath })) })),
});
export type RegistryDoc = z.infer<typeof RegistryDoc>;

/** An overlay: a lower- or higher-ranked document that also pins handles. */
export const OverlayDoc = z.strictObject({
  $schema: z.optional(z.string()),
  authority: z.strictObject({ self: z.string() }),
  handles: z.record(z.string().check(z.regex(HANDLE_NAME)), Handle),
});
export type OverlayDoc = z.infer<typeof OverlayDoc>;
