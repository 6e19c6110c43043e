import { DEV_JWT_SECRET, validateEnv } from './env';

describe('validateEnv', () => {
  it('fills in the local defaults', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      WORKER_PORT: 3001,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/agora',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(env.SMTP_URL).toBeUndefined();
  });

  it('parses numbers and ignores variables it does not know', () => {
    expect(validateEnv({ PORT: '8080', HOME: '/root' }).PORT).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid configuration: DATABASE_URL must be a postgres:// URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'Invalid configuration: REDIS_URL must be a redis:// URL'],
    [{ SMTP_URL: 'mail.example' }, 'Invalid configuration: SMTP_URL must be an smtp:// or smtps:// URL'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters'],
    [{ NODE_ENV: 'staging' }, 'Invalid configuration: NODE_ENV'],
  ])('refuses %j with one line naming the variable', (raw, message) => {
    expect(() => validateEnv(raw)).toThrow(message);
    try {
      validateEnv(raw);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('refuses the development JWT secret in production, and accepts a real one', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow('JWT_SECRET must be set in production');
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow('JWT_SECRET');
    expect(validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });
});
