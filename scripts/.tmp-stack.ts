import { startStack } from '@ams/devstack';
import { writeFileSync } from 'node:fs';
void (async () => {
  const stack = await startStack({ persistent: false, log: (l) => process.stderr.write(l + '\n') });
  writeFileSync('/tmp/stack.env', Object.entries(stack.env).map(([k, v]) => `export ${k}='${v}'`).join('\n') + '\n');
  process.stderr.write('STACK READY\n');
  process.on('SIGTERM', () => void stack.stop().then(() => process.exit(0)));
})();
