// Jest global setup for every project. Under `npm test` the stack is already up (DATABASE_URL and
// AMQP_URL are set) and this does nothing; a bare `npx jest` starts its own and stops it after.
require('@swc-node/register');

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL && process.env.AMQP_URL) return;
  const { startStack } = require('../../devstack/src/stack.ts');
  const stack = await startStack({ persistent: false, log: () => undefined });
  Object.assign(process.env, stack.env, { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL || 'fatal' });
  globalThis.__AMS_STACK__ = stack;
};
