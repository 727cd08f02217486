import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AwsServiceError } from '../wire/aws-error.js';
import type { SandboxState } from '../state/state.js';

// KMS asymmetric signing, enough for signed logbook heads: Sign, Verify and GetPublicKey over the
// real JSON 1.1 wire protocol (`X-Amz-Target: TrentService.<Action>`), with one local ECC_NIST_P256
// key pair per sandbox workspace, created on first use and kept in `kms-key.json` beside the
// state. It answers to its alias, its key id and its ARN; any other key is NotFoundException.

export const SANDBOX_KMS_ALIAS = 'alias/gatewalk-logbook';
const ALGORITHM = 'ECDSA_SHA_256';
const MAX_MESSAGE = 4096;

interface StoredKey {
  key_id: string;
  private_pem: string;
}

export interface KmsRequest {
  state: SandboxState;
  region: string;
  input: Record<string, unknown>;
}
export type KmsHandler = (request: KmsRequest) => Promise<unknown>;

/** The workspace's key pair, created once (first writer wins; later readers use its file). */
export class SandboxKmsKey {
  private key: Promise<StoredKey> | undefined;
  constructor(private readonly file: string) {}

  static beside(stateFile: string): SandboxKmsKey {
    return new SandboxKmsKey(path.join(path.dirname(stateFile), 'kms-key.json'));
  }

  get(): Promise<StoredKey> {
    return (this.key ??= this.load());
  }

  private async load(): Promise<StoredKey> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as StoredKey;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const fresh: StoredKey = { key_id: randomUUID(), private_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    try {
      const fh = await open(this.file, 'wx', 0o600);
      await fh.writeFile(JSON.stringify(fresh));
      await fh.close();
      return fresh;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return JSON.parse(await readFile(this.file, 'utf8')) as StoredKey; // another process was first
    }
  }
}

const validation = (message: string) => new AwsServiceError('ValidationException', message, 400);

function blob(input: Record<string, unknown>, member: string): Buffer {
  const v = input[member];
  if (typeof v !== 'string' || !v) throw validation(`1 validation error detected: Value null at '${member[0]!.toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return Buffer.from(v, 'base64');
}

export function kmsActions(keys: SandboxKmsKey): Record<string, KmsHandler> {
  const resolve = async ({ state, region, input }: KmsRequest) => {
    const key = await keys.get();
    const arn = `arn:aws:kms:${region}:${state.account_id}:key/${key.key_id}`;
    const asked = input.KeyId;
    if (typeof asked !== 'string' || ![SANDBOX_KMS_ALIAS, key.key_id, arn, `arn:aws:kms:${region}:${state.account_id}:${SANDBOX_KMS_ALIAS}`].includes(asked)) {
      throw new AwsServiceError('NotFoundException', `Key '${String(asked)}' does not exist (the gatewalk sandbox has one signing key: ${SANDBOX_KMS_ALIAS})`, 400);
    }
    return { key, arn };
  };
  const message = (input: Record<string, unknown>) => {
    if ((input.MessageType ?? 'RAW') !== 'RAW') throw validation('the gatewalk sandbox signs RAW messages only');
    if (input.SigningAlgorithm !== ALGORITHM) throw new AwsServiceError('InvalidKeyUsageException', `key supports ${ALGORITHM} only`, 400);
    const m = blob(input, 'Message');
    if (m.length > MAX_MESSAGE) throw validation(`Message must be at most ${MAX_MESSAGE} bytes`);
    return m;
  };
  return {
    Sign: async (req) => {
      const { key, arn } = await resolve(req);
      const signature = sign('sha256', message(req.input), key.private_pem);
      return { KeyId: arn, Signature: signature.toString('base64'), SigningAlgorithm: ALGORITHM };
    },
    Verify: async (req) => {
      const { key, arn } = await resolve(req);
      const ok = verify('sha256', message(req.input), createPublicKey(key.private_pem), blob(req.input, 'Signature'));
      if (!ok) throw new AwsServiceError('KMSInvalidSignatureException', 'Signature is not valid.', 400);
      return { KeyId: arn, SignatureValid: true, SigningAlgorithm: ALGORITHM };
    },
    GetPublicKey: async (req) => {
      const { key, arn } = await resolve(req);
      const der = createPublicKey(key.private_pem).export({ type: 'spki', format: 'der' });
      return { KeyId: arn, PublicKey: der.toString('base64'), KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [ALGORITHM] };
    },
  };
}
