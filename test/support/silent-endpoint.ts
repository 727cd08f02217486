import net from 'node:net';

/**
 * An endpoint that accepts every connection and never answers: what a hung AWS endpoint, a
 * firewall that swallows replies or a stuck proxy looks like to a client. `connections` counts
 * what reached it (a phase that never waits for AWS makes none).
 */
export interface SilentEndpoint {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

export async function silentEndpoint(): Promise<SilentEndpoint> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The AWS environment of a user whose endpoint is `url`: static keys, no config files, no instance metadata. */
export function awsEnvAt(url: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEHUNG0000',
    AWS_SECRET_ACCESS_KEY: 'hung-endpoint-secret',
    AWS_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
