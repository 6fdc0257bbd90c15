import { createServer, Socket } from 'node:net';
import { TcpProxy } from './tcp-proxy';

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.destroy();
    });
  });
}

describe('TcpProxy', () => {
  const echo = createServer((socket) => socket.pipe(socket));
  let echoPort: number;

  beforeAll(async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => echo.close(resolve)));

  it('relays, refuses while cut, and relays again once reopened', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: echoPort });
    expect(await roundTrip(proxy.port, 'ping')).toBe('ping');
    await proxy.cut();
    await expect(roundTrip(proxy.port, 'ping')).rejects.toThrow(/ECONNREFUSED/);
    await proxy.open();
    expect(await roundTrip(proxy.port, 'again')).toBe('again');
    await proxy.cut();
  });
});
