// @ts-check
const path = require('node:path');

/**
 * `nest build`: one webpack compilation for the three programs that run in production, so each lib
 * is compiled and type-checked once (nest's defaults: ts-loader, a forked type check against
 * tsconfig.build.json, the `@agora/*` paths resolved, node_modules left external). Our code is
 * bundled into one file per program:
 *
 *   dist/api/main.js      the HTTP and socket API (it serves dist/web, built by vite)
 *   dist/api/migrate.js   migrations and seed, `migrate.js create` for a new migration
 *   dist/worker/main.js   the job and outbox worker
 *
 * @param {import('webpack').Configuration} defaults
 * @returns {import('webpack').Configuration}
 */
module.exports = (defaults) => ({
  ...defaults,
  entry: {
    'api/main': './apps/api/src/main.ts',
    'api/migrate': './apps/api/src/database/migrate.ts',
    'worker/main': './apps/worker/src/main.ts',
  },
  output: {
    path: path.join(__dirname, 'dist'),
    filename: '[name].js',
    // The web client is built into dist/web by vite, before or after this.
    clean: { keep: /^web\// },
    // Written on every build, so that a file's time says when it was built (the benchmarks report it).
    compareBeforeEmit: false,
  },
  devtool: 'source-map',
});
