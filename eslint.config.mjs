import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const SERVICES = ['gateway', 'media', 'analysis', 'embedding-search', 'billing', 'audit'];
const TEST_FILES = ['**/*.spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'];

/** Who may import whom. Tests may also use the test kits; production code may not. */
function depConstraints({ tests }) {
  const testKits = tests ? ['scope:testing'] : [];
  return [
    // No app imports another app: apps depend on libraries only.
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
    // A service sees the shared libraries, never the local-stack tooling or another service.
    ...SERVICES.map((service) => ({
      sourceTag: `scope:${service}`,
      onlyDependOnLibsWithTags: ['scope:shared', `scope:${service}`, ...testKits],
    })),
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', ...testKits] },
    // The web client and the SDK see only the public API's client, never server code.
    { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:client'] },
    { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:client'] },
    { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling'] },
    { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling', 'scope:testing'] },
  ];
}

const boundaries = (tests) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints({ tests }) },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '.data', 'reports', '.nx', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Async work is awaited or explicitly detached with `void` and its errors handled.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries(true),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
