/**
 * `npm start`  – the whole system on this machine; Ctrl-C stops everything it started.
 * `npm test`   – every project's tests against one embedded database and a real RabbitMQ,
 *                then one line of totals: `N passed, N failed`.
 * `npm run db:migrate` – apply migrations to DATABASE_URL (or the embedded database).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidConfiguration } from '@ams/config';
import { SERVICE_NAMES } from '@ams/contracts';
import {
  DEFAULT_HTTP_PORTS,
  launchService,
  MissingProgram,
  stopServices,
  waitForReady,
  WORKSPACE_ROOT,
  inheritedEnvironment,
  stackConfig,
  startStack,
  type RunningService,
} from '@ams/devstack';

const log = (line: string) => process.stderr.write(`[stack] ${line}\n`);

async function start(): Promise<void> {
  // The web client the gateway serves at `/` (Nx replays the build when nothing changed).
  const built = await run('npx', ['nx', 'run', 'web:build', '--outputStyle=static'], NX_OFFLINE);
  if (built !== 0) {
    log('the web client did not build; see above');
    process.exit(1);
  }
  const stack = await startStack({ persistent: true, log });
  const gatewayPort = stackConfig().PORT;
  const services: RunningService[] = SERVICE_NAMES.map((service) =>
    launchService(service, service === 'gateway' ? gatewayPort : DEFAULT_HTTP_PORTS[service], stack.env),
  );

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping services…');
    await stopServices(services);
    log('stopping infrastructure…');
    await stack.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  for (const { service, process: child } of services) {
    child.once('exit', (code) => {
      if (!stopping) {
        log(`${service} exited unexpectedly (code ${code}); stopping everything`);
        void shutdown(1);
      }
    });
  }

  const began = Date.now();
  try {
    await waitForReady(services, 90_000);
  } catch (error) {
    log(`${(error as Error).message}; stopping everything`);
    return shutdown(1);
  }
  const base = `http://localhost:${gatewayPort}`;
  log(`all ${services.length} services ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  process.stdout.write(
    `\nAI Media Search is running\n  API:       ${base}\n  readiness: ${base}/health/ready\n  status:    ${base}/v1/status\nPress Ctrl-C to stop.\n\n`,
  );
}

const NX_OFFLINE = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

const REPORTS_DIR = join(WORKSPACE_ROOT, 'reports', 'jest');

async function test(extraArgs: string[]): Promise<void> {
  rmSync(REPORTS_DIR, { recursive: true, force: true });
  mkdirSync(REPORTS_DIR, { recursive: true });
  const stack = await startStack({ persistent: false, log });
  let exitCode = 1;
  try {
    exitCode = await run('npx', ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', ...extraArgs], {
      ...stack.env,
      NODE_ENV: 'test',
      RPC_TIMEOUT_MS: '2000',
      LOG_LEVEL: stackConfig().LOG_LEVEL ?? 'fatal',
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_SKIP_NX_CACHE: 'true',
    });
  } finally {
    await stack.stop();
  }
  const { passed, failed, suitesFailed } = totals();
  if (exitCode !== 0 && failed === 0 && suitesFailed === 0)
    log(`the test run failed (exit ${exitCode}) outside any test`);
  const line = `${passed} passed, ${failed} failed`;
  writeFileSync(join(WORKSPACE_ROOT, 'reports', 'test-totals.txt'), `${line}\n`);
  process.stdout.write(`${line}\n`);
  process.exit(exitCode === 0 && failed === 0 ? 0 : 1);
}

/** Sum jest's --json reports of every project. */
function totals(): { passed: number; failed: number; suitesFailed: number } {
  let passed = 0;
  let failed = 0;
  let suitesFailed = 0;
  for (const file of readdirSync(REPORTS_DIR).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(REPORTS_DIR, file), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numFailedTestSuites: number;
      numRuntimeErrorTestSuites?: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // Vitest's report (the web client) has no such field: a file that failed without a failed test broke on load.
    suitesFailed += report.numRuntimeErrorTestSuites ?? (report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  }
  // A suite that cannot even load counts as a failure, never as silence.
  return { passed, failed: failed + suitesFailed, suitesFailed };
}

async function migrate(): Promise<void> {
  const stack = await startStack({ persistent: true, log });
  await stack.stop();
}

function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: WORKSPACE_ROOT, env: inheritedEnvironment(env), stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'start') return start();
  if (command === 'test') return test(rest);
  if (command === 'migrate') return migrate();
  throw new Error(`unknown command "${command}": use start, test or migrate`);
}

main().catch((error: unknown) => {
  log(
    error instanceof MissingProgram || error instanceof InvalidConfiguration
      ? error.message
      : `failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
