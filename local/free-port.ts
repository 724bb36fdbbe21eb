/**
 * Asks the OS for a free TCP port (bind to 0, read it, release it). Another process could take
 * it before we do; callers start their server right away and fail loudly if it is gone.
 */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('free-port: no port'))));
    });
  });
}
