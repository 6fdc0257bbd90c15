import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** A Kubernetes object as parsed from YAML. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Kustomization {
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  configurations?: string[];
  patches?: { path: string; target?: { kind?: string; name?: string } }[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  envs?: string[];
  files?: string[];
}

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEPLOY_DIR = join(REPO_ROOT, 'deploy');

/** Every YAML document of a file (merge keys on, as docker compose reads them). */
export function loadYaml(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS();
  });
}

/** KEY=value lines of an env file (comments and blank lines skipped). */
export function readEnvFile(file: string): Record<string, string> {
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      if (at < 1) throw new Error(`${file}: not KEY=value: ${line}`);
      return [line.slice(0, at), line.slice(at + 1)];
    });
  return Object.fromEntries(entries);
}

/**
 * A small `kustomize build`: resources (files and directories), components, generators
 * (unhashed names), strategic-merge patches, images and namespace. It throws where kustomize
 * would: a missing file, a patch or merge generator with nothing to apply to. A secretGenerator's
 * gitignored env file is read from its committed `.example` template.
 */
export function build(dir: string): Manifest[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  let manifests: Manifest[] = [];
  for (const entry of k.resources ?? []) {
    const path = existingPath(dir, entry);
    manifests.push(...(statSync(path).isDirectory() ? build(path) : (loadYaml(path) as Manifest[])));
  }
  for (const generator of k.configMapGenerator ?? []) generate(manifests, 'ConfigMap', generator, dir);
  for (const generator of k.secretGenerator ?? []) generate(manifests, 'Secret', generator, dir);
  for (const entry of k.components ?? []) manifests = applyComponent(manifests, existingPath(dir, entry));
  manifests = applyPatches(manifests, k, dir);
  for (const file of k.configurations ?? []) existingPath(dir, file);
  for (const image of k.images ?? []) setImage(manifests, image);
  if (k.namespace) for (const m of manifests) m.metadata.namespace = k.namespace;
  return manifests;
}

/** A component's resources and patches on top of what was built so far. */
export function applyComponent(manifests: Manifest[], dir: string): Manifest[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  if (k.kind !== 'Component') throw new Error(`${dir} is not a kustomize Component`);
  const added = (k.resources ?? []).flatMap((entry) => loadYaml(existingPath(dir, entry)) as Manifest[]);
  for (const file of k.configurations ?? []) existingPath(dir, file);
  return applyPatches([...manifests, ...added], k, dir);
}

function existingPath(dir: string, entry: string): string {
  const path = resolve(dir, entry);
  if (!existsSync(path)) throw new Error(`${join(dir, 'kustomization.yaml')}: ${entry} does not exist`);
  return path;
}

function generate(manifests: Manifest[], kind: 'ConfigMap' | 'Secret', g: Generator, dir: string): void {
  const data: Record<string, string> = {};
  for (const env of g.envs ?? []) {
    const path = resolve(dir, env);
    // Secrets stay out of git: the template stands in for the real file.
    const file = kind === 'Secret' && !existsSync(path) ? existingPath(dir, `${env}.example`) : existingPath(dir, env);
    Object.assign(data, readEnvFile(file));
  }
  for (const file of g.files ?? []) data[file.split('/').pop()!] = readFileSync(existingPath(dir, file), 'utf8');
  const existing = manifests.find((m) => m.kind === kind && m.metadata.name === g.name);
  if (g.behavior === 'merge' || g.behavior === 'replace') {
    if (!existing) throw new Error(`${dir}: ${kind} ${g.name} to ${g.behavior} does not exist`);
    const encoded = kind === 'Secret' ? mapValues(data, (v) => Buffer.from(v).toString('base64')) : data;
    existing.data = g.behavior === 'merge' ? { ...(existing.data as object), ...encoded } : encoded;
    return;
  }
  if (existing) throw new Error(`${dir}: ${kind} ${g.name} generated twice`);
  // Secret data is base64, as kustomize writes it.
  const encoded = kind === 'Secret' ? mapValues(data, (v) => Buffer.from(v).toString('base64')) : data;
  manifests.push({ apiVersion: 'v1', kind, metadata: { name: g.name }, data: encoded });
}

function applyPatches(manifests: Manifest[], k: Kustomization, dir: string): Manifest[] {
  let result = manifests;
  for (const { path, target } of k.patches ?? []) {
    const [patch] = loadYaml(existingPath(dir, path)) as (Manifest & { $patch?: string })[];
    const kind = target?.kind ?? patch.kind;
    const name = target ? target.name : patch.metadata.name;
    const matches = result.filter((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
    if (matches.length === 0) throw new Error(`${dir}: patch ${path} targets no ${kind} ${name ?? ''}`);
    if (patch.$patch === 'delete') {
      result = result.filter((m) => !matches.includes(m));
      continue;
    }
    const { metadata, ...body } = patch;
    for (const m of matches) {
      const merged = merge(m, { ...body, metadata: { ...metadata, name: m.metadata.name } }) as Manifest;
      result[result.indexOf(m)] = merged;
    }
  }
  return result;
}

/** Strategic merge, simplified: maps merge, lists of named items merge by name, other lists replace. */
export function merge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch) && patch.every(isNamed) && base.every(isNamed)) {
    const out: { name: string }[] = [...base];
    for (const item of patch as { name: string }[]) {
      const at = out.findIndex((b) => b.name === item.name);
      if (at >= 0) out[at] = merge(out[at], item) as { name: string };
      else out.push(item);
    }
    return out;
  }
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) out[key] = key in base ? merge(base[key], value) : value;
    return out;
  }
  return patch;
}

function setImage(manifests: Manifest[], image: { name: string; newName?: string; newTag?: string }): void {
  for (const container of containers(manifests)) {
    const [name] = container.image.split(':');
    if (name === image.name) container.image = `${image.newName ?? name}${image.newTag ? `:${image.newTag}` : ''}`;
  }
}

export interface Container {
  name: string;
  image: string;
  [field: string]: unknown;
}

/** Containers (init containers too) of Deployments, Jobs and CronJobs. */
export function containers(manifests: Manifest[]): Container[] {
  return manifests.flatMap((m) => {
    const spec = podSpec(m);
    return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
  });
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  [field: string]: unknown;
}

export function podSpec(m: Manifest): PodSpec | undefined {
  const spec = m.spec as { template?: { spec: PodSpec }; jobTemplate?: { spec: { template: { spec: PodSpec } } } };
  return spec?.template?.spec ?? spec?.jobTemplate?.spec.template.spec;
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest | undefined {
  return manifests.find((m) => m.kind === kind && m.metadata.name === name);
}

/** Every YAML file under a directory. */
export function yamlFiles(dir = DEPLOY_DIR): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => join(dir, file));
}

export function mapValues(record: Record<string, string>, f: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

function isNamed(value: unknown): value is { name: string } {
  return isObject(value) && typeof value.name === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
