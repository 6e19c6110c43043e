import { beforeEach, describe, expect, it, vi } from 'vitest';

const session = { token: null as string | null, refreshed: 0 };
vi.mock('../api/session', () => ({
  currentAccessToken: () => session.token,
  refreshAccessToken: () => {
    session.refreshed += 1;
    return Promise.resolve('fresh-token');
  },
  whenSignedOut: () => undefined,
}));

const { freshToken } = await import('./socket');

const jwt = (expiresInSeconds: number) =>
  `h.${btoa(JSON.stringify({ sub: 'u', exp: Math.floor(Date.now() / 1000) + expiresInSeconds }))}.s`;

describe('the handshake token', () => {
  beforeEach(() => {
    session.refreshed = 0;
  });

  it('is the current access token while it has time left', async () => {
    session.token = jwt(600);
    await expect(freshToken()).resolves.toBe(session.token);
    expect(session.refreshed).toBe(0);
  });

  it('is refreshed first when missing or about to expire, so a reconnect is not refused', async () => {
    for (const token of [null, jwt(3), jwt(-60), 'not-a-jwt']) {
      session.token = token;
      await expect(freshToken()).resolves.toBe('fresh-token');
    }
    expect(session.refreshed).toBe(4);
  });
});
