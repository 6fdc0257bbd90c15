import { createAmsClient } from '@ams/sdk';
import { createTokenStore } from '../auth/token-store';
import type { Services } from '../services';

type Handler = (request: Request, url: URL) => Response | Promise<Response> | undefined;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail, correlationId: 'corr-1', ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

/**
 * Component tests run the real SDK and screens against canned HTTP answers (the one boundary
 * jsdom cannot reach); each request is recorded so tests can assert what was sent.
 */
export function fakeApi(handlers: Record<string, Handler>, { signedIn = true } = {}) {
  const requests: { method: string; url: URL; body: unknown }[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url, 'http://localhost');
    const text = request.method === 'GET' ? '' : await request.clone().text();
    requests.push({ method: request.method, url, body: text ? safeJson(text) : undefined });
    const key = `${request.method} ${url.pathname}`;
    const handler = handlers[key] ?? Object.entries(handlers).find(([pattern]) => matches(pattern, key))?.[1];
    const response = handler ? await handler(request, url) : undefined;
    return response ?? problem(404, 'NOT_FOUND', `No fake for ${key}`);
  };
  const storage = memoryStorage();
  const tokens = createTokenStore(storage);
  if (signedIn) tokens.setLocal('test-token');
  const client = createAmsClient({ getToken: () => tokens.get(), fetch: fetchImpl as typeof fetch, baseUrl: 'http://localhost' });
  const services: Services = { client, tokens };
  return { services, requests };
}

/** `GET /v1/media/:id` style patterns. */
function matches(pattern: string, key: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
  return regex.test(key);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

export const LOCAL_AUTH = { 'GET /v1/auth/config': () => json({ provider: 'local', firebase: null }) };

export function meFixture(overrides: Record<string, unknown> = {}) {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    email: 'ada@example.com',
    isAdmin: false,
    displayName: null,
    avatarUrl: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    subscription: { tier: 'free', status: 'active', startedAt: null, endsAt: null },
    usage: { uploadsThisMonth: 1, searchesThisMonth: 2, storageUsedBytes: 1024, periodStart: null, periodEnd: null },
    limits: {
      uploadsPerMonth: 10,
      searchesPerMonth: 100,
      storageBytes: 1073741824,
      fileSizeBytes: 10485760,
      videoDurationSeconds: 60,
      features: [],
      aiFeatures: [],
    },
    preferences: { storeSearchQueries: true },
    ...overrides,
  };
}
