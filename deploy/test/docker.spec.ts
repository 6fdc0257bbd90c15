import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@ams/contracts';
import { DEFAULT_HTTP_PORTS } from '@ams/devstack';
import { REPO_ROOT } from './kustomize';
import { variablesOf } from './services';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const DOCKERFILE = read('Dockerfile');
/** The Dockerfile's stages: name → its lines. */
const stages = new Map(
  DOCKERFILE.split(/^(?=FROM )/m)
    .filter((chunk) => chunk.startsWith('FROM '))
    .map((chunk) => [/ AS ([\w-]+)/.exec(chunk)?.[1] ?? '', chunk]),
);

describe('Dockerfile', () => {
  it('builds on node:20-bookworm-slim, and the default (last) stage is the service', () => {
    expect(DOCKERFILE).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect([...stages.keys()].at(-1)).toBe('service');
    expect(stages.get('service')).toMatch(/^ARG APP$/m);
  });

  it.each(['service', 'migrate'])('%s runs as the non-root node user under tini', (stage) => {
    expect(stages.get(stage)).toMatch(/^USER node$/m);
    expect(stages.get('runtime-base')).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(stages.get(stage)).toMatch(/^FROM runtime-base AS /);
  });

  it('starts each service from its main.ts the way devstack does, and checks /health/live', () => {
    expect(stages.get('service')).toContain('node -r @swc-node/register apps/${AMS_APP}/src/main.ts');
    for (const service of SERVICE_NAMES) expect(existsSync(join(REPO_ROOT, `apps/${service}/src/main.ts`))).toBe(true);
    expect(stages.get('service')).toMatch(/^HEALTHCHECK .*CMD \["node", "healthcheck.js"\]$/m);
    expect(stages.get('migrate')).toContain('"libs/db/src/migrate.main.ts"');
    expect(existsSync(join(REPO_ROOT, 'libs/db/src/migrate.main.ts'))).toBe(true);
  });

  it('gives analysis ffmpeg, pocketsphinx with its English model and tesseract with English', () => {
    const line = /analysis\) packages="([^"]+)"/.exec(stages.get('service')!)![1].split(' ');
    expect(line).toEqual(
      expect.arrayContaining(['ffmpeg', 'pocketsphinx', 'pocketsphinx-en-us', 'tesseract-ocr', 'tesseract-ocr-eng']),
    );
  });

  it('keeps secrets, local data and node_modules out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(
      expect.arrayContaining(['**/node_modules', '.env', '.data', 'deploy/overlays/*/secrets.env']),
    );
  });
});

describe('healthcheck.js', () => {
  const { DEFAULT_PORTS, healthPort } = require('../docker/healthcheck.js') as {
    DEFAULT_PORTS: Record<string, number>;
    healthPort: (app: string, env: Record<string, string>) => number;
  };

  it('knows the same default ports as the services', () => {
    expect(DEFAULT_PORTS).toEqual(DEFAULT_HTTP_PORTS);
  });

  it('follows PORT for the gateway and HEALTH_PORT for the others', () => {
    expect(healthPort('gateway', { PORT: '8080', HEALTH_PORT: '9' })).toBe(8080);
    expect(healthPort('media', { PORT: '8080', HEALTH_PORT: '9100' })).toBe(9100);
    expect(healthPort('audit', {})).toBe(3105);
  });
});

describe.each(SERVICE_NAMES)('apps/%s', (service) => {
  it('has a docker-build target tagging ams/<name> with its own version', () => {
    const project = JSON.parse(read(`apps/${service}/project.json`)) as {
      targets: Record<string, { options?: { command?: string } }>;
    };
    const command = project.targets['docker-build']?.options?.command ?? '';
    expect(command).toContain(`--build-arg APP=${service} -t ams/${service}:`);
    expect(command).toContain(`apps/${service}/package.json`);
  });

  it('has a README naming every variable it reads and its runbook endpoints', () => {
    const readme = read(`apps/${service}/README.md`);
    expect(variablesOf(service).filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
    for (const text of ['/health/live', '/health/ready', '/metrics']) expect(readme).toContain(text);
  });

  it('has an owner in CODEOWNERS', () => {
    expect(read('CODEOWNERS')).toMatch(new RegExp(`^/apps/${service}/\\s+@`, 'm'));
  });
});

it('CODEOWNERS covers libs/', () => {
  expect(read('CODEOWNERS')).toMatch(/^\/libs\/\s+@/m);
});
