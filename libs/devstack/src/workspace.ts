import { join } from 'node:path';

/** Root of the repository (this file is libs/devstack/src/workspace.ts). */
export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/** Node arguments that run a TypeScript entry point directly (SWC, path aliases, decorators). */
export function tsEntry(relativePath: string): string[] {
  return ['-r', '@swc-node/register', join(WORKSPACE_ROOT, relativePath)];
}
