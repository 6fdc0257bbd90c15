// Shared jest settings: SWC transform (decorator metadata for Nest), tsconfig path aliases.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    path.join(__dirname, target),
  ]),
);

/** @param {string} projectDir */
module.exports = (projectDir) => ({
  rootDir: projectDir,
  testEnvironment: 'node',
  // node-pg-migrate ships ESM only, which jest on Node 20 cannot require: compile it too
  // (services import @ams/db, which exports the migrator). Same for file-type and its ESM
  // dependencies (@ams/media-inspection sniffs uploads with it), and content-disposition 3
  // (@fastify/static, behind the /docs UI).
  transformIgnorePatterns: [
    '/node_modules/(?!(node-pg-migrate|jose|file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec|content-disposition)/)',
  ],
  transform: {
    '^.+\\.(ts|js)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.test.ts'],
  testTimeout: 30000,
  globalSetup: path.join(__dirname, 'libs/testing/src/jest-global-setup.js'),
});
