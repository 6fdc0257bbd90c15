/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The web client: built to apps/web/dist, which the gateway serves at `/`. */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@ams/sdk': here('../../libs/sdk/src/index.ts') } },
  build: { outDir: here('dist'), emptyOutDir: true, sourcemap: true, target: 'es2022' },
  // `nx run web:serve`: the API of a gateway started with `npm start`.
  server: { proxy: { '/v1': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: [here('src/test-setup.ts')],
    include: ['src/**/*.spec.{ts,tsx}'],
    css: false,
  },
});
