import { SERVICE_NAMES, type ServiceName } from '@ams/contracts';
import { freePort, launchService, stopServices, waitForReady, type RunningService } from '@ams/devstack';

export interface RunningSystem {
  gatewayUrl: string;
  services: RunningService[];
  /** Everything each service wrote to stdout/stderr so far. */
  output: Map<ServiceName, string>;
  stop(): Promise<void>;
}

/** The real service processes (all six unless told), as `npm start` runs them, on free ports. */
export async function startSystem(
  env: Record<string, string> = {},
  only: readonly ServiceName[] = SERVICE_NAMES,
): Promise<RunningSystem> {
  const baseEnv = {
    DATABASE_URL: process.env['DATABASE_URL']!,
    AMQP_URL: process.env['AMQP_URL']!,
    REDIS_URL: process.env['REDIS_URL']!,
    LOG_LEVEL: 'info',
    // Flows through the gateway send more per user than an hour's rate limits; a test may turn them on.
    RATE_LIMITS: 'off',
    ...env,
  };
  const output = new Map<ServiceName, string>();
  const services: RunningService[] = [];
  for (const service of only) {
    const running = launchService(service, await freePort(), baseEnv, 'pipe');
    output.set(service, '');
    const collect = (chunk: Buffer) => output.set(service, output.get(service) + chunk.toString());
    running.process.stdout?.on('data', collect);
    running.process.stderr?.on('data', collect);
    services.push(running);
  }
  await waitForReady(services, 90_000);
  const gateway = services.find((s) => s.service === 'gateway')!;
  return { gatewayUrl: `http://127.0.0.1:${gateway.port}`, services, output, stop: () => stopServices(services) };
}
