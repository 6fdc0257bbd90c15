import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkoutSessionObject, customerObject, portalSessionObject } from './stripe-fixtures';

/** One request the Stripe client sent, with its form body decoded to flat keys (`metadata[userId]`). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

type Failure = { status: number } | 'hang-up';

/**
 * Stripe's API as far as billing uses it, on a local port: the real SDK talks to it over HTTP
 * (STRIPE_API_URL). It records every request, answers with the API's object shapes, replays a
 * response for a repeated Idempotency-Key as Stripe does, and fails on demand.
 */
export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  /** What GET /v1/subscriptions/:id returns, by id. */
  readonly subscriptions = new Map<string, object>();
  private readonly failures: { path: RegExp; failure: Failure }[] = [];
  private readonly replays = new Map<string, { status: number; body: object }>();

  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, body, res));
    });
  }

  /** Where the SDK is pointed (STRIPE_API_URL). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<FakeStripe> {
    const fake = new FakeStripe();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The next `times` requests to a path matching `path` fail this way (before Stripe would do anything). */
  failNext(path: RegExp, failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ path, failure });
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, url: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const path = url.split('?')[0]!;
    const form = Object.fromEntries(new URLSearchParams(body));
    this.requests.push({ method, path, headers, form });

    const failureAt = this.failures.findIndex((entry) => entry.path.test(path));
    if (failureAt >= 0) {
      const [{ failure }] = this.failures.splice(failureAt, 1);
      if (failure === 'hang-up') return void res.socket?.destroy();
      const type = failure.status === 429 ? 'rate_limit_error' : 'api_error';
      return send(res, failure.status, { error: { type, message: 'An unknown error occurred' } });
    }

    const key = headers['idempotency-key'];
    const replay = typeof key === 'string' ? this.replays.get(`${path}:${key}`) : undefined;
    if (replay) return send(res, replay.status, replay.body, { 'idempotent-replayed': 'true' });

    const [status, answer] = this.answer(method, path, form);
    if (typeof key === 'string') this.replays.set(`${path}:${key}`, { status, body: answer });
    send(res, status, answer);
  }

  private answer(method: string, path: string, form: Record<string, string>): [number, object] {
    if (method === 'POST' && path === '/v1/customers') return [200, customerObject(form)];
    if (method === 'POST' && path === '/v1/checkout/sessions') return [200, checkoutSessionObject(form)];
    if (method === 'POST' && path === '/v1/billing_portal/sessions') return [200, portalSessionObject(form)];
    const subscription = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (method === 'GET' && subscription) {
      const found = this.subscriptions.get(subscription[1]!);
      if (found) return [200, found];
      return [404, missing('subscription', subscription[1]!)];
    }
    return [
      404,
      { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } },
    ];
  }
}

function missing(kind: string, id: string): object {
  return {
    error: {
      code: 'resource_missing',
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
      message: `No such ${kind}: '${id}'`,
      param: 'id',
      type: 'invalid_request_error',
    },
  };
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(7).toString('hex')}`,
    'stripe-version': '2026-10-28.endive',
    ...headers,
  });
  res.end(JSON.stringify(body, null, 2));
}
