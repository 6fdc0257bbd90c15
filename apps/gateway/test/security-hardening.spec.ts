import type { ArgumentsHost } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import request from 'supertest';
import { pinoOptions, REDACTED } from '@ams/logging';
import { envSchema } from '../src/config';
import { ProblemFilter } from '../src/problem/problem.filter';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

const ALLOWED_ORIGIN = 'https://app.example.com';
const BODY_LIMIT_BYTES = 16 * 1024;

/** A comma-separated header as lower-case names. */
const listOf = (header: unknown) =>
  String(header)
    .split(',')
    .map((name) => name.trim().toLowerCase());

/** The gateway's config from this test's environment, without the variables under test. */
const configWith = (overrides: Record<string, string> = {}) =>
  envSchema.safeParse({ ...process.env, CORS_ORIGINS: undefined, BODY_LIMIT_BYTES: undefined, ...overrides });

describe('gateway security hardening', () => {
  let stack: GatewayStack;
  let token: string;

  beforeAll(async () => {
    stack = await startGatewayStack({
      CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.com`,
      BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
    });
    ({ token } = await stack.signIn());
  });

  afterAll(async () => {
    await stack.close();
  });

  const authed = (method: 'get' | 'post' | 'patch', url: string) =>
    stack.http()[method](url).set('authorization', `Bearer ${token}`);

  describe('security headers', () => {
    it.each([
      ['a successful response', '/health/live', 200],
      ['a problem+json refusal', '/v1/me', 401],
      ['an unknown route', '/v1/nowhere', 404],
    ])('are on %s', async (_, url, status) => {
      const response = await stack.http().get(url);
      expect(response.status).toBe(status);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      // Outside production the gateway may be served over plain HTTP: no HSTS.
      expect(response.headers).not.toHaveProperty('strict-transport-security');
    });

    it('still serve the docs page, whose scripts and styles the CSP allows', async () => {
      const page = await stack.http().get('/docs').redirects(1);
      expect(page.status).toBe(200);
      const csp = page.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      // Every script is a same-origin file (no inline code the CSP would block), and each loads.
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(body.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attributes)?.[1];
        expect(src).toBeDefined();
        expect(src).not.toMatch(/^(https?:)?\/\//);
        const script = await stack.http().get(new URL(src as string, 'http://gateway/docs').pathname);
        expect(script.status).toBe(200);
      }
      const stylesheets = [...page.text.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)];
      for (const [, href] of stylesheets) expect(href).not.toMatch(/^(https?:)?\/\//);
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      stack
        .http()
        .options('/v1/media/00000000-0000-4000-8000-000000000000')
        .set('origin', origin)
        .set('access-control-request-method', 'PATCH')
        .set('access-control-request-headers', 'authorization, content-type, x-correlation-id');

    it('answers a preflight from an allowed origin with the allowed methods and headers', async () => {
      const response = await preflight(ALLOWED_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(listOf(response.headers['access-control-allow-methods'])).toEqual(['get', 'post', 'patch', 'delete']);
      expect(listOf(response.headers['access-control-allow-headers'])).toEqual([
        'authorization',
        'content-type',
        'x-correlation-id',
      ]);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('lets an allowed origin read the correlation id and the rate-limit fields', async () => {
      const response = await authed('get', '/v1/me').set('origin', ALLOWED_ORIGIN).expect(200);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(response.headers.vary).toMatch(/origin/i);
      expect(listOf(response.headers['access-control-expose-headers'])).toEqual(
        expect.arrayContaining(['x-correlation-id', 'ratelimit-limit', 'ratelimit-remaining', 'retry-after']),
      );
    });

    it.each(['https://evil.example.com', 'https://app.example.com.evil.net', 'http://app.example.com'])(
      'gives a disallowed origin (%s) no Access-Control-Allow-Origin',
      async (origin) => {
        const refused = await preflight(origin);
        expect(refused.headers).not.toHaveProperty('access-control-allow-origin');
        const simple = await authed('get', '/v1/me').set('origin', origin);
        expect(simple.headers).not.toHaveProperty('access-control-allow-origin');
      },
    );

    it('allows no origin at all unless configured, and accepts only bare origins', () => {
      expect(configWith().data?.CORS_ORIGINS).toEqual([]);
      expect(configWith({ CORS_ORIGINS: 'https://a.example.com/' }).success).toBe(false);
      expect(configWith({ CORS_ORIGINS: '*' }).success).toBe(false);
      expect(configWith({ CORS_ORIGINS: 'https://a.example.com,http://localhost:5173' }).data?.CORS_ORIGINS).toEqual([
        'https://a.example.com',
        'http://localhost:5173',
      ]);
    });
  });

  describe('body limits', () => {
    it('refuses a JSON body over BODY_LIMIT_BYTES with 413 PAYLOAD_TOO_LARGE', async () => {
      const response = await authed('patch', `/v1/media/${randomUUID()}`).send({
        custom_metadata: { notes: 'x'.repeat(BODY_LIMIT_BYTES) },
      });
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('defaults to 1 MiB', () => {
      expect(configWith().data?.BODY_LIMIT_BYTES).toBe(1024 * 1024);
    });

    it('refuses an oversized text field in an upload form', async () => {
      const response = await authed('post', '/v1/media')
        .field('tags', 'x'.repeat(70 * 1024))
        .attach('file', Buffer.from('not read'), 'a.jpg');
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(response.body.detail).toContain('"tags"');
    });

    it('refuses an upload form with too many fields', async () => {
      let form = authed('post', '/v1/media');
      for (let index = 0; index < 9; index += 1) form = form.field(`f${index}`, 'x');
      const response = await form.attach('file', Buffer.from('not read'), 'a.jpg');
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('unknown fields and parameters', () => {
    const expectRefused = (response: request.Response, field: string) => {
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    };

    it('refuses an unknown field in PATCH /v1/media/:id', async () => {
      expectRefused(await authed('patch', `/v1/media/${randomUUID()}`).send({ tags: ['a'], owner: 'x' }), 'owner');
    });

    it('refuses an unknown field in POST /v1/billing/checkout', async () => {
      expectRefused(await authed('post', '/v1/billing/checkout').send({ tier: 'premium', coupon: 'FREE' }), 'coupon');
    });

    it('refuses an unknown parameter in GET /v1/search', async () => {
      expectRefused(await authed('get', '/v1/search?q=cats&limt=5'), 'limt');
    });

    it('refuses an unknown parameter in GET /v1/media', async () => {
      expectRefused(await authed('get', '/v1/media?limit=5&owner=someone'), 'owner');
    });

    it('refuses an unknown field in POST /v1/auth/dev-token', async () => {
      const response = await stack.http().post('/v1/auth/dev-token').send({ email: 'a@example.com', admin: true });
      expectRefused(response, 'admin');
    });
  });
});

describe('unexpected errors', () => {
  function answer(exception: unknown) {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const reply = {
      sent: false,
      status(code: number) {
        sent.status = code;
        return reply;
      },
      header(name: string, value: string) {
        sent.headers[name] = value;
        return reply;
      },
      send(body: unknown) {
        sent.body = body;
        return reply;
      },
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ id: 'corr-1', url: '/v1/media?limit=1' }),
        getResponse: () => reply,
      }),
    } as unknown as ArgumentsHost;
    new ProblemFilter().catch(exception, host);
    return sent;
  }

  it.each(['production', 'development', 'test'])(
    'answer 500 INTERNAL without their message or stack (NODE_ENV=%s)',
    (nodeEnv) => {
      const previous = process.env.NODE_ENV;
      process.env.NODE_ENV = nodeEnv;
      try {
        const error = new Error('secret detail: password=hunter2');
        const sent = answer(error);
        expect(sent.status).toBe(500);
        expect(sent.headers['content-type']).toBe('application/problem+json');
        expect(sent.body).toMatchObject({ code: 'INTERNAL', status: 500, correlationId: 'corr-1' });
        const text = JSON.stringify(sent.body);
        expect(text).not.toContain('secret detail');
        expect(text).not.toContain('hunter2');
        expect(text).not.toContain('at ');
        expect(sent.body).not.toHaveProperty('stack');
      } finally {
        process.env.NODE_ENV = previous;
      }
    },
  );
});

describe('request logs', () => {
  it('never contain credentials, signatures or secret-named fields', async () => {
    const stripeKey = 'sk_live_51Hsecretvalue0123456789';
    const databaseUrl = 'postgresql://app:db-password-123@db.internal:5432/ams';
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pinoHttp({ ...pinoOptions('gateway', 'info'), stream: sink });
    const server = createServer((req, res) => {
      logger(req, res);
      req.log.info(
        {
          config: { STRIPE_SECRET_KEY: stripeKey, DATABASE_URL: databaseUrl, STRIPE_WEBHOOK_SECRET: 'whsec_abc123' },
          STRIPE_SECRET_KEY: stripeKey,
          user: { password: 'hunter2', apiKey: 'key-123' },
        },
        'config loaded',
      );
      res.end('ok');
    });
    await request(server)
      .post('/v1/billing/webhook')
      .set('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig')
      .set('cookie', 'session=s3cr3t-cookie')
      .set('stripe-signature', 't=1,v1=deadbeefsignature')
      .set('x-api-key', 'api-key-456')
      .expect(200);
    const output = lines.join('');
    expect(output).toContain('config loaded');
    expect(output).toContain('request completed');
    for (const secret of [
      stripeKey,
      'db-password-123',
      'whsec_abc123',
      'hunter2',
      'key-123',
      'eyJhbGciOiJIUzI1NiJ9',
      's3cr3t-cookie',
      'deadbeefsignature',
      'api-key-456',
    ])
      expect(output).not.toContain(secret);
    expect(output).toContain(REDACTED);
  });
});
