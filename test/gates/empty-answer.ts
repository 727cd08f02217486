import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsClients } from '../../src/core/context.js';
import { createAwsClients } from '../../src/substrate/aws-clients.js';
import { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from '../../src/substrate/sandbox/index.js';
import { SANDBOX_REGION } from '../substrate/sandbox/helpers.js';

/**
 * An endpoint that answers every call with HTTP 200 and the given body: a well-formed but empty
 * answer, which a gate must treat as `error` (it proves nothing), read through the real SDK client.
 */
export async function emptyAnswerEndpoint(contentType: string, body: string): Promise<{ clients: AwsClients; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': contentType, 'x-amzn-requestid': 'empty-answer' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = createAwsClients({
    endpoint,
    region: SANDBOX_REGION,
    credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
    maxAttempts: 1,
  });
  return { clients, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
