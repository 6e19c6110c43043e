import { connect } from 'node:net';
import { ConfigError, Env, validateEnv } from './config/env';

const HOW_TO_START = {
  PostgreSQL:
    'start it with `docker compose -f docker/compose.yml up -d postgres` or, with the OS package, `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`',
  Redis:
    'start it with `docker compose -f docker/compose.yml up -d redis` or, with the OS package, `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ""`',
};

function reachable(url: string, defaultPort: number, timeoutMs = 2000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(port) || defaultPort });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Validates the environment and checks that PostgreSQL and Redis accept connections, before
 * Nest boots. On failure prints one line saying what is wrong and how to fix it, then exits 1:
 * a new user should never have to read a stack trace to learn that a service is down.
 */
export async function preflight(needs: { redis: boolean } = { redis: true }): Promise<Env> {
  let env: Env;
  try {
    env = validateEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(error.message);
  }
  const postgresUrl = new URL(env.DATABASE_URL);
  if (!(await reachable(env.DATABASE_URL, 5432))) {
    return fail(`PostgreSQL is not reachable at ${postgresUrl.host} (DATABASE_URL): ${HOW_TO_START.PostgreSQL}`);
  }
  if (needs.redis && !(await reachable(env.REDIS_URL, 6379))) {
    return fail(`Redis is not reachable at ${new URL(env.REDIS_URL).host} (REDIS_URL): ${HOW_TO_START.Redis}`);
  }
  return env;
}

function fail(line: string): never {
  process.stderr.write(`agora: ${line}\n`);
  process.exit(1);
}
