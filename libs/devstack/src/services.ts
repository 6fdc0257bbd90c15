import { spawn, type ChildProcess } from 'node:child_process';
import type { ServiceName } from '@ams/contracts';
import { stopChild } from './embedded-database';
import { GaveUp, waitUntil } from './processes';
import { inheritedEnvironment } from './stack-config';
import { tsEntry, WORKSPACE_ROOT } from './workspace';

/** Where each service's HTTP port (API for the gateway, health/metrics for the rest) listens by default. */
export const DEFAULT_HTTP_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  media: 3101,
  analysis: 3102,
  'embedding-search': 3103,
  billing: 3104,
  audit: 3105,
};

export interface RunningService {
  service: ServiceName;
  port: number;
  process: ChildProcess;
}

/** Launch one service as a child process with the given environment. */
export function launchService(
  service: ServiceName,
  port: number,
  env: Record<string, string>,
  output: 'inherit' | 'ignore' | 'pipe' = 'inherit',
): RunningService {
  const portVariable = service === 'gateway' ? 'PORT' : 'HEALTH_PORT';
  const child = spawn(process.execPath, tsEntry(`apps/${service}/src/main.ts`), {
    cwd: WORKSPACE_ROOT,
    env: inheritedEnvironment({ ...env, [portVariable]: String(port) }),
    stdio: ['ignore', output, output],
    // Own process group: a terminal Ctrl-C reaches only the launcher, which stops each service once.
    detached: true,
  });
  return { service, port, process: child };
}

/** Wait until every service answers 200 on /health/ready; fails naming the ones that did not. */
export async function waitForReady(services: RunningService[], timeoutMs: number): Promise<void> {
  await Promise.all(
    services.map(({ service, port, process: child }) =>
      waitUntil(
        `${service} (port ${port})`,
        async () => {
          if (child.exitCode !== null)
            throw new GaveUp(`${service} exited with code ${child.exitCode} before it was ready`);
          const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
          return response.ok;
        },
        timeoutMs,
        300,
      ),
    ),
  );
}

export async function stopServices(services: RunningService[]): Promise<void> {
  await Promise.all(services.map(({ process: child }) => stopChild(child)));
}
