import { join } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@ams/contracts';
import { DEFAULT_HTTP_PORTS } from '@ams/devstack';
import { build, DEPLOY_DIR, find, mapValues, type Container, type Manifest } from './kustomize';
import { envSchemaOf, httpPortOf, requiredVariablesOf, variablesOf } from './services';

const OVERLAYS = ['dev', 'prod'] as const;
const builds = Object.fromEntries(OVERLAYS.map((o) => [o, build(join(DEPLOY_DIR, 'overlays', o))]));

type Probe = { httpGet: { path: string; port: string | number } };
type ServiceContainer = Container & {
  ports: { name: string; containerPort: number }[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
  volumeMounts: { name: string; mountPath: string }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
};

function deployment(overlay: string, service: ServiceName) {
  const m = find(builds[overlay], 'Deployment', service);
  if (!m) throw new Error(`${overlay}: no Deployment ${service}`);
  const spec = m.spec as {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: { securityContext: { runAsNonRoot: boolean } };
    };
  };
  const container = (spec.template.spec as unknown as { containers: ServiceContainer[] }).containers[0];
  return { manifest: m, template: spec.template, container };
}

/** What the container's process sees: envFrom ConfigMaps and Secrets, then env (which wins). */
function environment(manifests: Manifest[], container: ServiceContainer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.configMapRef ?? source.secretRef!;
    const object = find(manifests, source.configMapRef ? 'ConfigMap' : 'Secret', ref.name);
    if (!object) throw new Error(`envFrom ${ref.name} does not exist`);
    const data = object.data as Record<string, string>;
    Object.assign(env, source.secretRef ? mapValues(data, (v) => Buffer.from(v, 'base64').toString()) : data);
  }
  for (const { name, value } of container.env ?? []) if (value !== undefined) env[name] = value;
  return env;
}

describe.each(OVERLAYS)('%s overlay', (overlay) => {
  describe.each(SERVICE_NAMES)('%s', (service) => {
    const { template, container } = deployment(overlay, service);
    const { variable, port } = httpPortOf(service);

    it('listens where its config and the local stack say, and its Service points there', () => {
      expect(port).toBe(DEFAULT_HTTP_PORTS[service]);
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.env).toContainEqual({ name: variable, value: String(port) });
      const svc = find(builds[overlay], 'Service', service)!.spec as { ports: { port: number; targetPort: string }[] };
      expect(svc.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
    });

    it('probes /health/live and /health/ready on that port', () => {
      const portOf = (probe: Probe) =>
        probe.httpGet.port === 'http' ? container.ports[0].containerPort : probe.httpGet.port;
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.startupProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe])
        expect(portOf(probe)).toBe(port);
    });

    it('is scraped by Prometheus at /metrics on that port', () => {
      expect(template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
    });

    it('runs as non-root on a read-only root filesystem, with /tmp and DATA_DIR writable', () => {
      expect(template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      const env = environment(builds[overlay], container);
      expect(container.volumeMounts.map((v) => v.mountPath)).toEqual(expect.arrayContaining(['/tmp', env.DATA_DIR]));
    });

    it('has resource requests and limits', () => {
      for (const kind of ['requests', 'limits'] as const)
        expect(Object.keys(container.resources[kind])).toEqual(expect.arrayContaining(['cpu', 'memory']));
    });

    it('is given every required variable, and its envSchema accepts the whole environment', () => {
      const env = environment(builds[overlay], container);
      for (const required of requiredVariablesOf(service)) expect(env).toHaveProperty(required);
      const result = envSchemaOf(service).safeParse(env);
      expect(result.error?.issues ?? []).toEqual([]);
    });
  });

  it('sets no variable that no service reads (typos)', () => {
    const known = new Set(SERVICE_NAMES.flatMap(variablesOf));
    const config = find(builds[overlay], 'ConfigMap', 'ams-config')!.data as Record<string, string>;
    const secret = find(builds[overlay], 'Secret', 'ams-secrets')!.data as Record<string, string>;
    // BACKUP_* keys are read by the backup CronJob, not the services.
    const unknown = [...Object.keys(config), ...Object.keys(secret)].filter(
      (k) => !known.has(k) && !k.startsWith('BACKUP_'),
    );
    expect(unknown).toEqual([]);
  });
});

it('the requirement check is real: without the Secret a service is refused', () => {
  const { container } = deployment('prod', 'media');
  const withoutSecret = { ...container, envFrom: container.envFrom!.filter((s) => !s.secretRef) };
  expect(envSchemaOf('media').safeParse(environment(builds.prod, withoutSecret)).success).toBe(false);
  expect(requiredVariablesOf('media')).toContain('DATABASE_URL');
});
