import { trustedProxies, validateEnv } from './env';

/** A secret of this test's own, so no case writes the generated-secret file. */
const SECRET = { JWT_SECRET: 'a-test-secret-of-at-least-32-characters' };

describe('validateEnv', () => {
  it('fills in the local defaults', () => {
    const env = validateEnv({ ...SECRET });
    expect(env).toMatchObject({
      PORT: 3000,
      WORKER_PORT: 3001,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/agora',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(env.SMTP_URL).toBeUndefined();
  });

  it('parses numbers and ignores variables it does not know', () => {
    expect(validateEnv({ ...SECRET, PORT: '8080', HOME: '/root' }).PORT).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a postgres:// URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL must be a redis:// URL'],
    [{ SMTP_URL: 'mail.example' }, 'Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters'],
    [{ NODE_ENV: 'staging' }, 'Invalid configuration: NODE_ENV'],
    [{ ...SECRET, TRUST_PROXY: '10.0.0.1,proxy.example' }, 'Invalid configuration: TRUST_PROXY "proxy.example" is not an address or CIDR'],
    [{ ...SECRET, TRUST_PROXY: '10.0.0.0/33' }, 'Invalid configuration: TRUST_PROXY "10.0.0.0/33"'],
  ])('refuses %j with one line naming the variable', (raw, message) => {
    expect(() => validateEnv(raw)).toThrow(message);
    try {
      validateEnv(raw);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('requires JWT_SECRET in production, and accepts a real one', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow('JWT_SECRET must be set in production');
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });

  // Everyone who read the repository can sign tokens with these: refused in every environment.
  it.each(['agora-development-secret-never-use-in-production', 'development-only-secret-do-not-use-in-production'])(
    'refuses the once-published JWT secret %s, also outside production',
    (published) => {
      for (const NODE_ENV of ['development', 'test', 'production']) {
        expect(() => validateEnv({ NODE_ENV, JWT_SECRET: published })).toThrow('JWT_SECRET is a value published in the repository');
      }
    },
  );

  it('believes X-Forwarded-For from no one unless TRUST_PROXY lists the proxies', () => {
    expect(trustedProxies({})).toBe(false);
    expect(trustedProxies({ TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16,::1,loopback ' })).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'loopback',
    ]);
  });
});
