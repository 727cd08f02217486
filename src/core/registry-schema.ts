import { z } from 'zod';
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

export const TerraformRef = z
  .object({
    source: z.string().min(1).describe('name of an entry under terraform.sources'),
    output: z.string().min(1).describe('output name in `terraform output -json`'),
  })
  .strict();

export const Handle = z
  .object({
    kind: z.enum(HANDLE_KINDS),
    value: z.string().min(1).optional().describe('the pinned value; absent when pending'),
    pending: z.boolean().optional().describe('true: a PENDING PIN, no concrete value yet'),
    description: z.string().optional(),
    required: z.boolean().optional().describe('ssm_parameter: must exist (default true)'),
    secure: z.boolean().optional().describe('ssm_parameter: must be a SecureString (default true)'),
    role_name: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/)
      .optional()
      .describe('iam_role: role name pinned in design'),
    terraform: TerraformRef.optional().describe('Terraform output that offers this value'),
  })
  .strict()
  .superRefine((h, ctx) => {
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
  });
export type Handle = z.infer<typeof Handle>;

/** A path gatewalk reads or writes: relative to the project root and inside it. */
const RootPath = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    const problem = relativePathProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const AuthorityDocument = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/),
    path: z.string().min(1),
    rank: z.number().int().min(1).describe('1 is the highest authority'),
    title: z.string().optional(),
    sha256_pin: z.string().regex(HANDLE_NAME).optional().describe('sha256 handle pinning this document’s content (docs.pinned checks it)'),
  })
  .strict();
export type AuthorityDocument = z.infer<typeof AuthorityDocument>;

export const Service = z
  .object({
    role: z.string().regex(HANDLE_NAME).describe('iam_role handle this service runs as'),
    lane: z.string().min(1),
    entrypoint: z.string().min(1).optional(),
  })
  .strict();
export type Service = z.infer<typeof Service>;

export const RegistryDoc = z
  .object({
    $schema: z.string().optional(),
    env: z.string().regex(/^[a-z0-9_]+$/),
    title: z.string().optional(),
    authority: z
      .object({
        self: z.string().describe('id of the authority document this registry speaks for'),
        documents: z.array(AuthorityDocument).min(1),
      })
      .strict(),
    paths: z
      .object({
        evidence_root: RootPath,
        logbook: RootPath.regex(/\.jsonl$/, 'the logbook is a .jsonl file'),
        impl_actual: RootPath.regex(/\.md$/, 'impl_actual is a Markdown (.md) file'),
      })
      .strict(),
    overlays: z
      .array(z.object({ path: RootPath }).strict())
      .optional()
      .describe('other registry documents (each with its own authority.self) merged by rank'),
    handles: z.record(z.string().regex(HANDLE_NAME, 'handle names are UPPER_SNAKE_CASE'), Handle),
    services: z.record(z.string().regex(HANDLE_NAME), Service).optional(),
    terraform: z
      .object({ sources: z.record(z.string(), z.object({ path: RootPath }).strict()) })
      .strict()
      .optional(),
  })
  .strict();
export type RegistryDoc = z.infer<typeof RegistryDoc>;

/** An overlay: a lower- or higher-ranked document that also pins handles. */
export const OverlayDoc = z
  .object({
    $schema: z.string().optional(),
    authority: z.object({ self: z.string() }).strict(),
    handles: z.record(z.string().regex(HANDLE_NAME), Handle),
  })
  .strict();
export type OverlayDoc = z.infer<typeof OverlayDoc>;
