import { preflight } from '../libs/platform/src/preflight';

/** preflight() ends the process; here process.exit throws instead so the line can be read. */
describe('preflight', () => {
  const saved = { ...process.env };
  let stderr: string[];

  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('says in one line that PostgreSQL is down and how to start it', async () => {
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/agora';
    await expect(preflight()).rejects.toThrow('exit 1');
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      /^agora: PostgreSQL is not reachable at 127\.0\.0\.1:1 \(DATABASE_URL\): start it with `docker compose .*pg_ctlcluster.*\n$/,
    );
  });

  it('says in one line that Redis is down', async () => {
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    await expect(preflight()).rejects.toThrow('exit 1');
    expect(stderr).toEqual([
      expect.stringMatching(/^agora: Redis is not reachable at 127\.0\.0\.1:1 \(REDIS_URL\): start it with .*redis-server.*\n$/),
    ]);
  });

  it('names a malformed variable', async () => {
    process.env.PORT = 'abc';
    await expect(preflight()).rejects.toThrow('exit 1');
    expect(stderr).toEqual([expect.stringMatching(/^agora: Invalid configuration: PORT /)]);
  });

  it('returns the environment when both services answer', async () => {
    await expect(preflight()).resolves.toMatchObject({ PORT: 3000 });
    expect(stderr).toEqual([]);
  });
});
