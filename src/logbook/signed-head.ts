import canonicalize from 'canonicalize';
import type { KMSClient } from '@aws-sdk/client-kms';
import * as z from '../core/zod-mini.js';
import { ExitCode, GatewalkError } from '../core/errors.js';
import { describeAwsError } from '../gates/aws-errors.js';
import { HEX64, type LogbookHead } from './record.js';
import { advice, cmd, input } from '../core/advice.js';

// A logbook head signed with an AWS KMS asymmetric key. Whoever can rewrite the whole folder
// (logbook, impl_actual, evidence) can make every local cross-check agree, but cannot sign a new
// head without kms:Sign on the key; a head published earlier still proves what the log held.

export const SIGNED_HEAD_FORMAT = 'gatewalk.logbook-head/v1';
export const SIGNING_ALGORITHM = 'ECDSA_SHA_256';

export const SignedHead = z.strictObject({
  format: z.literal(SIGNED_HEAD_FORMAT),
  env: z.string(),
  substrate: z.enum(['aws', 'sandbox']),
  seq: z.number().check(z.int(), z.nonnegative()),
  hash: z.string().check(z.regex(HEX64)),
  key_id: z.string().check(z.minLength(1)),
  signing_algorithm: z.literal(SIGNING_ALGORITHM),
  /** Base64 DER signature over the canonical JSON of the other fields except key and signature. */
  signature: z.string().check(z.minLength(1)),
});
export type SignedHead = z.infer<typeof SignedHead>;

/** The bytes that are signed: what the head says, canonical (RFC 8785). */
function message(h: Pick<SignedHead, 'format' | 'env' | 'substrate' | 'seq' | 'hash'>): Uint8Array {
  return Buffer.from(canonicalize({ format: h.format, env: h.env, substrate: h.substrate, seq: h.seq, hash: h.hash })!, 'utf8');
}

export async function signHead(
  kms: KMSClient,
  keyId: string,
  where: { env: string; substrate: 'aws' | 'sandbox' },
  head: LogbookHead,
  signal?: AbortSignal,
): Promise<SignedHead> {
  const { SignCommand } = await import('../substrate/aws-sdk/kms.js');
  const body = { format: SIGNED_HEAD_FORMAT, ...where, seq: head.seq, hash: head.hash } as const;
  const out = await kms
    .send(new SignCommand({ KeyId: keyId, Message: message(body), MessageType: 'RAW', SigningAlgorithm: SIGNING_ALGORITHM }), {
      abortSignal: signal,
    })
    .catch((err: unknown) => {
      throw new GatewalkError(
        `could not sign the logbook head with KMS key ${keyId}: ${describeAwsError(err)}`,
        'an asymmetric ECC_NIST_P256 SIGN_VERIFY key and kms:Sign are needed',
      );
    });
  if (!out.Signature) throw new GatewalkError(`KMS Sign with ${keyId} returned no signature`, undefined, ExitCode.internal);
  return {
    ...body,
    key_id: out.KeyId ?? keyId,
    signing_algorithm: SIGNING_ALGORITHM,
    signature: Buffer.from(out.Signature).toString('base64'),
  };
}

/** True when KMS says the signature is the key's over this head; false for an invalid signature. */
export async function verifySignedHead(kms: KMSClient, h: SignedHead, signal?: AbortSignal): Promise<boolean> {
  const { VerifyCommand } = await import('../substrate/aws-sdk/kms.js');
  try {
    const out = await kms.send(
      new VerifyCommand({
        KeyId: h.key_id,
        Message: message(h),
        MessageType: 'RAW',
        Signature: Buffer.from(h.signature, 'base64'),
        SigningAlgorithm: SIGNING_ALGORITHM,
      }),
      { abortSignal: signal },
    );
    return out.SignatureValid === true;
  } catch (err) {
    if ((err as { name?: string }).name === 'KMSInvalidSignatureException') return false;
    throw new GatewalkError(
      `could not verify the signed head with KMS key ${h.key_id}: ${describeAwsError(err)}`,
      'check the key id and kms:Verify permission',
      ExitCode.blockers,
    );
  }
}

/** `SEQ:HASH` as printed by `gatewalk logbook head`. */
export function parseHead(text: string): LogbookHead {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new GatewalkError(advice`${input('head', text)}: expected SEQ:HASH (as printed by \`${cmd('logbook', 'head')}\`)`);
  return { seq: Number(m[1]), hash: m[2]! };
}
