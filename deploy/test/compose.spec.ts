import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@ams/contracts';
import { build, containers, DEPLOY_DIR, find, loadYaml, REPO_ROOT, type Manifest } from './kustomize';
import { envSchemaOf, httpPortOf, variablesOf } from './services';

interface ComposeService {
  image?: string;
  build?: { context: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const COMPOSE_TEXT = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = (loadYaml(join(REPO_ROOT, 'docker-compose.yml'))[0] as { services: Record<string, ComposeService> })
  .services;
const ENV_EXAMPLE = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
const dev = build(join(DEPLOY_DIR, 'overlays', 'dev'));

/** Compose's ${VAR:-default} and ${VAR:?error} with a stand-in value, as if .env were filled in. */
const interpolate = (value: string) =>
  String(value).replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, _name, fallback) => fallback ?? 'secret');

const repository = (image: string) => image.split(':')[0];

describe('docker-compose.yml', () => {
  it('runs PostgreSQL+pgvector, RabbitMQ, Redis, MinIO, the bucket and migration jobs', () => {
    expect(compose.postgres.image).toBe('pgvector/pgvector:pg17');
    expect(compose.rabbitmq.image).toBe('rabbitmq:4-management');
    expect(compose.redis.image).toMatch(/^redis:7/);
    expect(compose.minio.image).toMatch(/^minio\/minio/);
    expect(compose['minio-init'].depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    expect(compose.migrate.build?.target).toBe('migrate');
    expect(compose.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  describe.each(SERVICE_NAMES)('%s', (service) => {
    const entry = compose[service];

    it('builds its own image from the root Dockerfile, named like the Kubernetes one', () => {
      expect(entry.build).toEqual({ context: '.', args: { APP: service } });
      const k8s = find(dev, 'Deployment', service)!;
      expect(repository(entry.image!)).toBe(`ams/${service}`);
      expect(containers([k8s]).map((c) => repository(c.image))).toEqual([`ams/${service}`]);
    });

    it('starts after the infrastructure is healthy and the migrations ran', () => {
      expect(entry.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        rabbitmq: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
        'minio-init': { condition: 'service_completed_successfully' },
      });
    });

    it('sets only variables its envSchema knows, which it accepts; storage is S3 on MinIO', () => {
      const env = Object.fromEntries(Object.entries(entry.environment!).map(([k, v]) => [k, interpolate(v)]));
      expect(Object.keys(env).filter((k) => !variablesOf(service).includes(k))).toEqual([]);
      const { variable, port } = httpPortOf(service);
      expect(env[variable]).toBe(String(port));
      if (variablesOf(service).includes('STORAGE_PROVIDER'))
        expect(env).toMatchObject({ STORAGE_PROVIDER: 's3', S3_ENDPOINT: 'http://minio:9000' });
      expect(envSchemaOf(service).safeParse(env).error?.issues ?? []).toEqual([]);
    });

    it('agrees with the dev overlay: every variable compose sets, Kubernetes sets too', () => {
      const k8s = find(dev, 'Deployment', service)!;
      const provided = new Set([
        ...Object.keys(find(dev, 'ConfigMap', 'ams-config')!.data as object),
        ...Object.keys(find(dev, 'Secret', 'ams-secrets')!.data as object),
        ...(containers([k8s])[0].env as { name: string }[]).map((e) => e.name),
      ]);
      expect(Object.keys(entry.environment!).filter((k) => !provided.has(k))).toEqual([]);
      const config = find(dev, 'ConfigMap', 'ams-config')!.data as Record<string, string>;
      if (entry.environment!.DATA_DIR) expect(entry.environment!.DATA_DIR).toBe(config.DATA_DIR);
    });
  });

  it('the migrate image is the one the Kubernetes Job runs', () => {
    const job = find(dev, 'Job', 'ams-migrate') as Manifest;
    expect(containers([job]).map((c) => repository(c.image))).toEqual([repository(compose.migrate.image!)]);
  });
});

describe('.env.example', () => {
  const documented = (variable: string) => new RegExp(`^#? ?${variable}=`, 'm').test(ENV_EXAMPLE);

  it.each(SERVICE_NAMES)('documents every variable %s validates', (service) => {
    expect(variablesOf(service).filter((v) => !documented(v))).toEqual([]);
  });

  it('documents every variable docker-compose.yml interpolates', () => {
    const used = [...new Set([...COMPOSE_TEXT.matchAll(/\$\{(\w+)/g)].map((m) => m[1]))];
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter((v) => !documented(v))).toEqual([]);
  });
});
