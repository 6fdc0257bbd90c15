import { createServer } from 'node:net';
import { ensureRabbitMq, ensureRedis } from './brokers';
import { findProgram, freePort, GaveUp, isPortOpen, MissingProgram, requireProgram, waitUntil } from './processes';

describe('local stack helpers', () => {
  it('finds installed programs and explains how to install a missing one', () => {
    expect(findProgram('node')).toMatch(/\/node$/);
    expect(() => requireProgram('surely-not-installed-ams', 'ams-package')).toThrow(MissingProgram);
    expect(() => requireProgram('surely-not-installed-ams', 'ams-package')).toThrow(
      /scripts\/setup-system\.sh.*apt-get install -y ams-package/,
    );
  });

  it('tells an open port from a closed one', async () => {
    const port = await freePort();
    expect(await isPortOpen(port)).toBe(false);
    const server = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    expect(await isPortOpen(port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up waiting with a message naming what it waited for', async () => {
    await expect(waitUntil('the flux capacitor', async () => false, 300, 50)).rejects.toThrow(
      'the flux capacitor was not ready within 0 s',
    );
  });

  it('stops waiting at once when the probe gives up, and keeps waiting through other errors', async () => {
    const started = Date.now();
    await expect(
      waitUntil(
        'the gateway',
        async () => {
          throw new GaveUp('gateway exited with code 1');
        },
        10_000,
        50,
      ),
    ).rejects.toThrow('gateway exited with code 1');
    expect(Date.now() - started).toBeLessThan(1000);
    let calls = 0;
    await expect(
      waitUntil(
        'flaky',
        async () => {
          calls += 1;
          if (calls < 3) throw new Error('refused');
          return true;
        },
        5_000,
        10,
      ),
    ).resolves.toBeUndefined();
    expect(calls).toBe(3);
  });

  it('only connects when a URL is configured, and never stops what it did not start', async () => {
    const rabbit = await ensureRabbitMq('amqp://user:pw@broker.example:5672');
    const redis = await ensureRedis('redis://cache.example:6379');
    expect(rabbit).toMatchObject({ url: 'amqp://user:pw@broker.example:5672', started: false });
    expect(redis).toMatchObject({ url: 'redis://cache.example:6379', started: false });
  });
});
