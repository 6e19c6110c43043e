/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The API that `npm run dev` runs beside Vite (PORT, default 3000), and its default PUBLIC_URL. */
const port = process.env.PORT ?? '3000';
const api = `http://127.0.0.1:${port}`;
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;

export default defineConfig({
  root: here('.'),
  // Vite 8 transforms JSX with Oxc itself; @vitejs/plugin-react (Fast Refresh) is not installed.
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: { '@agora/contract': here('../../libs/contract/src/index.ts') } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    rolldownOptions: {
      // React libraries mark their modules "use client" for server components; meaningless in this SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      // The gateway accepts sockets from CORS_ORIGINS (default PUBLIC_URL); the page comes from
      // Vite's port, so its socket is presented as coming from the API's own public origin.
      '/socket.io': {
        target: api,
        ws: true,
        configure: (proxy) => proxy.on('proxyReqWs', (request) => request.setHeader('origin', publicUrl)),
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    root: here('.'),
  },
});
