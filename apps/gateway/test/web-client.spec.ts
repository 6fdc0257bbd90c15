import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

/** The built web client served at `/` beside the API (a stand-in build, so this suite needs no Vite run). */
describe('the web client, served by the gateway', () => {
  let stack: GatewayStack;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'ams-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("a page of script");\n'.repeat(200));
    stack = await startGatewayStack({ WEB_DIST_DIR: dist });
  });

  afterAll(async () => {
    await stack.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page at / and at every client route, never cached', async () => {
    for (const path of ['/', '/search?q=dogs', '/media/0b0e3c3e-5a43-4f0e-9a55-6f0f0a7e1b2c']) {
      const response = await stack.http().get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const response = await stack.http().get('/assets/index-abc123.js').expect(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("compresses the client's files for browsers that accept it, and never the API's answers", async () => {
    const script = await stack.http().get('/assets/index-abc123.js').set('accept-encoding', 'br, gzip').expect(200);
    expect(script.headers['content-encoding']).toBe('br');
    expect(script.text).toContain('a page of script');
    const gzip = await stack.http().get('/assets/index-abc123.js').set('accept-encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const docs = await stack.http().get('/docs-json').set('accept-encoding', 'br, gzip').expect(200);
    expect(docs.headers['content-encoding']).toBeUndefined();
  });

  it('keeps API paths as problem+json 404s', async () => {
    for (const path of ['/v1/nothing-here', '/health/nothing']) {
      const response = await stack.http().get(path).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('lets the page show media through object URLs, and nothing else from elsewhere', async () => {
    const csp = (await stack.http().get('/').expect(200)).headers['content-security-policy'];
    const directives = new Map(
      csp.split(';').map((directive: string) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources.join(' ')] as const;
      }),
    );
    expect(directives.get('img-src')).toBe("'self' data: blob:");
    expect(directives.get('media-src')).toBe("'self' blob:");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
  });

  it('tells clients how to sign in (local issuer here, no Firebase keys)', async () => {
    const { body } = await stack.http().get('/v1/auth/config').expect(200);
    expect(body).toEqual({ provider: 'local', firebase: null });
  });
});
