module.exports = async function globalTeardown() {
  const stack = globalThis.__AMS_STACK__;
  if (stack) await stack.stop();
};
