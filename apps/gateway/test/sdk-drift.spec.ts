import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGatewayStack, type GatewayStack } from './gateway-stack';

const SDK = join(__dirname, '..', '..', '..', 'libs', 'sdk');

/** libs/sdk is generated from this gateway: it fails here when either file is stale. Fix: npm run sdk:generate. */
describe('the SDK against the API the gateway serves', () => {
  let stack: GatewayStack;

  beforeAll(async () => {
    stack = await startGatewayStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  it('has the OpenAPI document the gateway serves at /docs-json', async () => {
    const { body } = await stack.http().get('/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(join(SDK, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(body);
  });

  it('has the types openapi-typescript generates from that document', () => {
    const out = mkdtempSync(join(tmpdir(), 'ams-sdk-'));
    try {
      const generated = join(out, 'schema.ts');
      execFileSync('npx', ['openapi-typescript', join(SDK, 'openapi.json'), '--output', generated], { stdio: 'pipe' });
      expect(readFileSync(join(SDK, 'src', 'schema.ts'), 'utf8')).toBe(readFileSync(generated, 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
