/**
 * Local object storage for `npm start` and the tests: a fresh temporary directory (DynamoDB
 * Local is in memory too), a random signing secret, and the object server that plays S3's
 * presigned URLs, on a free or given port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiIo } from '../functions/api/wiring';
import { DirectoryObjectStore } from '../functions/shared/objects/directory-object-store';
import { createObjectServer } from './object-server';

export interface LocalObjects {
  readonly io: Extract<ApiIo, { kind: 'local' }>;
  readonly store: DirectoryObjectStore;
  stop(): Promise<void>;
}

export async function startLocalObjects(
  options: { host?: string; port?: number } = {},
): Promise<LocalObjects> {
  const host = options.host ?? '127.0.0.1';
  const directory = await mkdtemp(join(tmpdir(), 'tollgate-objects-'));
  const secret = randomBytes(32).toString('hex');
  // The server verifies with the same directory and secret; its base URL is known once it listens.
  const verifier = new DirectoryObjectStore(directory, '', secret);
  const server = createObjectServer(verifier);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    io: { kind: 'local', directory, baseUrl, secret },
    store: new DirectoryObjectStore(directory, baseUrl, secret),
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
