import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, createAmsClient } from '../src';

/** A real HTTP server per test: the SDK's requests, headers and streams go over the wire. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the SDK client', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('sends the token from the getter and returns the data', async () => {
    const seen: (string | undefined)[] = [];
    let url: string;
    ({ url, server } = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [], nextCursor: null }));
    }));
    let token: string | null = 'first';
    const client = createAmsClient({ baseUrl: url, getToken: () => token });
    await expect(client.call(client.api.GET('/v1/media', { params: { query: { limit: 5 } } }))).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
    token = null;
    await client.call(client.api.GET('/v1/media'));
    expect(seen).toEqual(['Bearer first', undefined]);
  });

  it('turns a problem+json answer into an ApiError with its message, code, extras and Retry-After', async () => {
    let url: string;
    ({ url, server } = await serve((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '42' });
      res.end(JSON.stringify({ type: 'x', title: 'Rate limited', status: 429, code: 'RATE_LIMITED', detail: 'Slow down.', correlationId: 'c-1', bucket: 'api' }));
    }));
    const client = createAmsClient({ baseUrl: url, getToken: () => 't' });
    const error = await client.call(client.api.GET('/v1/me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: 'Slow down.', correlationId: 'c-1' });
    expect((error as ApiError).problem['bucket']).toBe('api');
    expect((error as ApiError).retryAfterSeconds).toBe(42);
  });

  it('calls onUnauthorized on a 401, and says so plainly when the server cannot be reached', async () => {
    let url: string;
    ({ url, server } = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ status: 401, code: 'UNAUTHENTICATED', detail: 'Sign in again.', correlationId: 'c' }));
    }));
    const unauthorized: ApiError[] = [];
    const client = createAmsClient({ baseUrl: url, getToken: () => 't', onUnauthorized: (e) => unauthorized.push(e) });
    await expect(client.call(client.api.GET('/v1/me'))).rejects.toThrow('Sign in again.');
    expect(unauthorized.map((e) => e.code)).toEqual(['UNAUTHENTICATED']);

    const offline = createAmsClient({ baseUrl: 'http://127.0.0.1:1', getToken: () => null });
    await expect(offline.call(offline.api.GET('/v1/me'))).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('follows an SSE progress stream to its final status, across a connection that ends early', async () => {
    let connections = 0;
    let url: string;
    ({ url, server } = await serve((req, res) => {
      connections += 1;
      expect(req.headers.authorization).toBe('Bearer t');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (connections === 1) {
        res.write('event: status\ndata: {"status":"processing","error":null}\n\n');
        res.write('event: job\ndata: {"jobType":"image_analysis","progressPercentage":40}\n\n');
        res.end(); // the stream ends mid-analysis (a proxy timeout, a gateway restart)
        return;
      }
      res.write('event: status\ndata: {"status":"processing","error":null}\n\n');
      // Split across writes: the parser must join a frame that arrives in pieces.
      res.write('event: status\nda');
      res.end('ta: {"status":"failed","error":"The file could not be decoded."}\n\n');
    }));
    const client = createAmsClient({ baseUrl: url, getToken: () => 't' });
    const statuses: string[] = [];
    const jobs: number[] = [];
    await client.followMedia('11111111-1111-4111-8111-111111111111', {
      onStatus: (event) => statuses.push(event.error ? `${event.status}: ${event.error}` : event.status),
      onJob: (job) => jobs.push(job.progressPercentage),
    });
    expect(statuses).toEqual(['processing', 'processing', 'failed: The file could not be decoded.']);
    expect(jobs).toEqual([40]);
    expect(connections).toBe(2);
  });

  it('uploads a file as multipart with its fields, and reports a refusal as an ApiError', async () => {
    const bodies: string[] = [];
    let url: string;
    ({ url, server } = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('latin1');
        bodies.push(body);
        if (body.includes('too-big.jpg')) {
          res.writeHead(413, { 'content-type': 'application/problem+json' });
          return res.end(JSON.stringify({ status: 413, code: 'FILE_TOO_LARGE', detail: 'Files up to 10 MB.', correlationId: 'c' }));
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'm1', filename: 'cat.jpg' }));
      });
    }));
    const client = createAmsClient({ baseUrl: url, getToken: () => 't' });
    const progress: number[] = [];
    const media = await client.upload(new Blob([Buffer.from('jpeg bytes')]), 'cat.jpg', {
      fields: { tags: '["pets"]' },
      onProgress: (p) => progress.push(p.fraction),
    });
    expect(media).toMatchObject({ id: 'm1' });
    expect(bodies[0]).toContain('name="tags"');
    expect(bodies[0]).toContain('["pets"]');
    expect(bodies[0]).toMatch(/name="file"; filename="cat.jpg"/);
    expect(progress.at(-1)).toBe(1);
    await expect(client.upload(new Blob(['x']), 'too-big.jpg')).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
      message: 'Files up to 10 MB.',
    });
  });
});
