import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@ams/contracts';
import {
  applyComponent,
  build,
  DEPLOY_DIR,
  find,
  loadYaml,
  podSpec,
  readEnvFile,
  REPO_ROOT,
  yamlFiles,
  type Manifest,
} from './kustomize';

const BASE = join(DEPLOY_DIR, 'base');
const OVERLAYS = ['dev', 'prod'] as const;
const KEDA = join(DEPLOY_DIR, 'components', 'keda');
/** Custom resources kubernetes-models has no schema for. */
const CRD_KINDS = ['ScaledObject', 'TriggerAuthentication'];

const builds: Record<string, Manifest[]> = {
  base: build(BASE),
  ...Object.fromEntries(OVERLAYS.map((o) => [o, build(join(DEPLOY_DIR, 'overlays', o))])),
};
builds['prod+keda'] = applyComponent(builds.prod, KEDA);

describe('YAML files', () => {
  it.each([...yamlFiles(), join(REPO_ROOT, 'docker-compose.yml')])('%s parses', (file) => {
    const docs = loadYaml(file);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(doc).toEqual(expect.any(Object));
  });
});

describe('kustomize build', () => {
  it('fails on a patch that targets nothing, like kustomize', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\npatches: [{ path: p.yaml }]\n');
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n');
    writeFileSync(join(dir, 'p.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\ndata: { x: y }\n');
    expect(() => build(dir)).toThrow(/patch p.yaml targets no ConfigMap b/);
  });

  it.each(Object.keys(builds))('%s builds to uniquely named objects', (name) => {
    const ids = builds[name].map((m) => `${m.kind}/${m.metadata.name}`);
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(Object.keys(builds))('%s passes the Kubernetes API schemas (kubernetes-models)', (name) => {
    const objects = builds[name].filter((m) => !CRD_KINDS.includes(m.kind));
    const output = execFileSync(process.execPath, [join(__dirname, 'validate-schemas.mjs')], {
      input: JSON.stringify(objects),
      cwd: REPO_ROOT,
    });
    expect(JSON.parse(output.toString())).toEqual([]);
  });

  it('the schema check catches a wrong field type', () => {
    const bad = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [{ port: 'http' }] } };
    const output = execFileSync(process.execPath, [join(__dirname, 'validate-schemas.mjs')], {
      input: JSON.stringify([bad]),
    });
    expect(JSON.parse(output.toString())).toEqual([{ object: 'Service/x', message: expect.stringMatching(/port/) }]);
  });

  it.each(OVERLAYS)('%s sets a namespace and pins every image to a tag', (overlay) => {
    for (const m of builds[overlay]) expect(m.metadata.namespace).toBeTruthy();
    for (const m of builds[overlay]) {
      for (const c of [...(podSpec(m)?.containers ?? []), ...(podSpec(m)?.initContainers ?? [])])
        expect(c.image).toMatch(/:[\w.-]+$/);
    }
  });
});

describe('secrets', () => {
  it.each(OVERLAYS)('%s: secrets.env is gitignored and only its template is committed', (overlay) => {
    const file = `deploy/overlays/${overlay}/secrets.env`;
    expect(() => execFileSync('git', ['check-ignore', '-q', file], { cwd: REPO_ROOT })).not.toThrow();
    const template = readEnvFile(join(REPO_ROOT, `${file}.example`));
    for (const [key, value] of Object.entries(template)) {
      // A credential in the template must be a placeholder, including passwords inside URLs.
      if (/SECRET|PASSWORD|ACCESS_KEY/.test(key)) expect(value).toMatch(/REPLACE_ME/);
      const password = /^\w+:\/\/[^:/@]+:([^@]+)@/.exec(value)?.[1];
      if (password) expect(password).toBe('REPLACE_ME');
    }
  });
});

describe('scaling and availability', () => {
  const prod = builds.prod;

  it.each(['gateway', 'analysis'])('%s has a CPU HPA on its Deployment', (service) => {
    const hpa = find(prod, 'HorizontalPodAutoscaler', service)!;
    const spec = hpa.spec as {
      scaleTargetRef: { kind: string; name: string };
      metrics: { resource: { name: string } }[];
    };
    expect(find(prod, spec.scaleTargetRef.kind, spec.scaleTargetRef.name)).toBeDefined();
    expect(spec.metrics.map((m) => m.resource.name)).toEqual(['cpu']);
  });

  it('the keda component scales analysis on its work queue and replaces its HPA', () => {
    const keda = builds['prod+keda'];
    expect(find(keda, 'HorizontalPodAutoscaler', 'analysis')).toBeUndefined();
    expect(find(keda, 'HorizontalPodAutoscaler', 'gateway')).toBeDefined();
    const scaled = find(keda, 'ScaledObject', 'analysis')!.spec as {
      scaleTargetRef: { name: string };
      minReplicaCount: number;
      triggers: { type: string; metadata: { queueName: string }; authenticationRef: { name: string } }[];
    };
    expect(find(keda, 'Deployment', scaled.scaleTargetRef.name)).toBeDefined();
    // Never zero: a replica also plans uploads and answers reprocess requests.
    expect(scaled.minReplicaCount).toBeGreaterThanOrEqual(1);
    const [trigger] = scaled.triggers;
    expect(trigger.type).toBe('rabbitmq');
    // The queue the analysis service really consumes.
    const handler = require('node:fs').readFileSync(
      join(REPO_ROOT, 'apps/analysis/src/jobs/analysis.handler.ts'),
      'utf8',
    ) as string;
    expect(handler).toContain(`queue: '${trigger.metadata.queueName}'`);
    const auth = find(keda, 'TriggerAuthentication', trigger.authenticationRef.name)!;
    const [ref] = (auth.spec as { secretTargetRef: { name: string; key: string }[] }).secretTargetRef;
    expect(readEnvFile(join(DEPLOY_DIR, 'overlays/prod/secrets.env.example'))).toHaveProperty(ref.key);
    expect(find(keda, 'Secret', ref.name)).toBeDefined();
  });

  it.each(SERVICE_NAMES)('%s has a PodDisruptionBudget selecting its pods', (service) => {
    const pdb = find(prod, 'PodDisruptionBudget', service)!;
    const deployment = find(prod, 'Deployment', service)!;
    const labels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata
      .labels;
    expect(labels).toMatchObject((pdb.spec as { selector: { matchLabels: object } }).selector.matchLabels);
  });
});

describe('network policies', () => {
  const policies = builds.prod.filter((m) => m.kind === 'NetworkPolicy');
  type Spec = {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes: string[];
    egress?: { ports: { port: number | string }[] }[];
    ingress?: { from: { namespaceSelector: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[];
  };
  const spec = (name: string) => find(policies, 'NetworkPolicy', name)?.spec as Spec;
  const egressPorts = (workload: string) =>
    spec(`${workload}-egress`).egress!.flatMap((e) => e.ports.map((p) => p.port));

  it('denies all traffic by default', () => {
    expect(spec('default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('lets public traffic reach only the gateway, from the ingress controller', () => {
    const ingressPolicies = policies.filter((p) =>
      (p.spec as Spec).ingress?.some((i) => i.ports.some((x) => x.port === 3000)),
    );
    expect(ingressPolicies.map((p) => p.metadata.name)).toEqual(['gateway-from-ingress']);
    expect(spec('gateway-from-ingress').podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'gateway' });
  });

  it.each(SERVICE_NAMES)('%s may reach PostgreSQL and RabbitMQ', (service) => {
    expect(egressPorts(service)).toEqual(expect.arrayContaining([5432, 5672]));
  });

  it('only the Redis users reach Redis, only the cloud callers reach 443', () => {
    const reaching = (port: number) => SERVICE_NAMES.filter((s) => egressPorts(s).includes(port));
    expect(reaching(6379)).toEqual(['gateway', 'embedding-search']);
    // audit calls nothing outside; analysis, embedding-search, billing call cloud APIs.
    expect(reaching(443)).toEqual(expect.arrayContaining(['analysis', 'embedding-search', 'billing']));
    expect(reaching(443)).not.toContain('audit');
  });
});

describe('backup', () => {
  it('dumps daily with pg_dump and prunes to a retention count, with the script it mounts', () => {
    const cron = find(builds.prod, 'CronJob', 'ams-backup')!;
    expect((cron.spec as { schedule: string }).schedule).toMatch(/^\d+ \d+ \* \* \*$/);
    const spec = podSpec(cron)!;
    const volumes = spec.volumes as { name: string; configMap?: { name: string } }[];
    const scripts = find(builds.prod, 'ConfigMap', volumes.find((v) => v.configMap)!.configMap!.name)!;
    const script = (scripts.data as Record<string, string>)['pg-backup.sh'];
    expect(script).toContain('pg_dump');
    expect(script).toContain('BACKUP_RETENTION_COUNT');
    const upload = spec.containers[0] as unknown as { env: { name: string }[] };
    expect(upload.env.map((e) => e.name)).toEqual(
      expect.arrayContaining(['BACKUP_RETENTION_COUNT', 'BACKUP_S3_BUCKET']),
    );
    expect(spec.initContainers?.[0].image).toMatch(/^postgres:17/);
  });
});

describe('the gateway Ingress', () => {
  it.each(OVERLAYS)('%s routes to the gateway Service on a port it exposes', (overlay) => {
    const ingress = find(builds[overlay], 'Ingress', 'gateway')!;
    type Backend = { service: { name: string; port: { name: string } } };
    const rules = (ingress.spec as { rules: { http: { paths: { backend: Backend }[] } }[] }).rules;
    const backend = rules[0].http.paths[0].backend.service;
    const service = find(builds[overlay], 'Service', backend.name)!;
    expect((service.spec as { ports: { name: string }[] }).ports.map((p) => p.name)).toContain(backend.port.name);
  });
});
