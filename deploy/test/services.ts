import { join } from 'node:path';
import type { z } from 'zod';
import type { ServiceName } from '@ams/contracts';
import { REPO_ROOT } from './kustomize';

/**
 * A service's envSchema, loaded by path: apps are not importable as libraries (module
 * boundaries), and the deployment must follow the schema the service really validates.
 */
export function envSchemaOf(service: ServiceName): z.ZodObject {
  return (require(join(REPO_ROOT, 'apps', service, 'src', 'config.ts')) as { envSchema: z.ZodObject }).envSchema;
}

/** Variables the schema knows. */
export function variablesOf(service: ServiceName): string[] {
  return Object.keys(envSchemaOf(service).shape);
}

/** Variables with neither a default nor `.optional()`: the deployment must provide them. */
export function requiredVariablesOf(service: ServiceName): string[] {
  const { shape } = envSchemaOf(service);
  return Object.keys(shape).filter((key) => !(shape[key] as z.ZodType).safeParse(undefined).success);
}

/** The HTTP port variable and its default (the gateway's API port, the workers' health port). */
export function httpPortOf(service: ServiceName): { variable: 'PORT' | 'HEALTH_PORT'; port: number } {
  const variable = service === 'gateway' ? 'PORT' : 'HEALTH_PORT';
  const port = (envSchemaOf(service).shape[variable] as z.ZodType).parse(undefined) as number;
  return { variable, port };
}
