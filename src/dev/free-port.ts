import { createServer } from 'node:net';

/**
 * Asks the OS for a currently unused TCP port on `host`.
 *
 * The port is released before returning, so another process could grab it in
 * between; that race is acceptable for development and test helpers, which
 * would simply fail to bind and report it.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`Could not determine a free TCP port on ${host}`));
        return;
      }
      server.close((err) => (err ? reject(err) : resolve(address.port)));
    });
  });
}
