import { baseEnvSchema, gatewayEnvSchema, InvalidConfiguration, validateEnv, workerEnvSchema } from './env';

const valid = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5433/db' };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidConfiguration) return error.problems;
    throw error;
  }
  throw new Error('expected InvalidConfiguration');
}

describe('validateEnv', () => {
  it('fills defaults for everything optional', () => {
    const env = validateEnv(gatewayEnvSchema, valid);
    expect(env).toMatchObject({
      PORT: 3000,
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: 5,
    });
    expect(validateEnv(workerEnvSchema(3104), valid).HEALTH_PORT).toBe(3104);
  });

  it('names a missing variable', () => {
    expect(problemsOf(() => validateEnv(baseEnvSchema, {}))).toEqual(['DATABASE_URL is missing']);
  });

  it('names every invalid variable with the reason', () => {
    const problems = problemsOf(() =>
      validateEnv(gatewayEnvSchema, { ...valid, PORT: 'eighty', AMQP_URL: 'http://broker', LOG_LEVEL: 'loud' }),
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/^PORT is invalid/m);
    expect(problems.join('\n')).toMatch(/^AMQP_URL is invalid: must be an amqp/m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL is invalid/m);
  });

  it('refuses a database URL of another kind', () => {
    expect(problemsOf(() => validateEnv(baseEnvSchema, { DATABASE_URL: 'mysql://x@y/z' }))).toEqual([
      'DATABASE_URL is invalid: must be a postgres:// URL',
    ]);
  });
});
