import { ConfigService } from '@nestjs/config';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { RateLimitStore } from './rate-limit.store';

/** A "Redis" that accepts connections and never answers: every command, the ready check too, times out. */
async function silentServer(): Promise<{ url: string; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sockets };
}

describe('RateLimitStore when Redis hangs', () => {
  it('boots anyway and answers "cannot say" instead of failing requests', async () => {
    const { url, server, sockets } = await silentServer();
    const store = new RateLimitStore(new ConfigService({ REDIS_URL: url }));
    try {
      // The ready check times out (an 'error' event) before the wait ends: no rejection.
      await expect(store.onModuleInit()).resolves.toBeUndefined();
      await expect(store.count(['k'], 1000)).resolves.toBeNull();
      await expect(store.claimOnce('marker', 60)).resolves.toBeNull();
    } finally {
      store.onApplicationShutdown();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
