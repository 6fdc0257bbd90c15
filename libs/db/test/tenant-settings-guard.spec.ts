import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const ALLOWED = new Set(['libs/db/src/database.ts']);
const SETS_ROLE_OR_TENANT =
  /SET\s+(LOCAL\s+)?ROLE|set_config\(\s*'(role|app\.current_user_id)'|SET\s+(LOCAL\s+)?app\.current_user_id/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'generated', 'test'].includes(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('tenant settings', () => {
  it('are set only by the Database transaction helpers', () => {
    const offenders = [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]
      .map((path) => relative(ROOT, path))
      .filter((path) => !ALLOWED.has(path) && SETS_ROLE_OR_TENANT.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
