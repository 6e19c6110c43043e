import { SEEDED } from './support/api-client';
import { connectLive } from './support/live-client';
import { TestEnv } from './support/test-env';

/**
 * Stopping an api cuts the socket adapter's Redis connections. Commands the adapter fires without
 * awaiting them (SUBSCRIBE while it connects, the SET that keeps a disconnected client's session)
 * are rejected then; unhandled, such a rejection ends a real process, and Jest fails the running
 * test with it.
 */
describe('stopping an api', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });
  afterAll(() => env.close());

  it('right after it has started, ends without an unhandled error', async () => {
    for (let round = 0; round < 3; round++) {
      await expect(env.stopApi(await env.startApi())).resolves.toBeUndefined();
    }
  });

  it('with live clients connected, tells them to reconnect and ends without an unhandled error', async () => {
    const [leaving, staying] = [await env.startApi(), await env.startApi()];
    const token = await leaving.tokenFor(SEEDED.bologna);
    const sockets = await Promise.all([1, 2, 3].map(() => connectLive(leaving.baseUrl, token)));
    const reasons = sockets.map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)));
    await expect(env.stopApi(leaving)).resolves.toBeUndefined();
    // "transport close", unlike "io server disconnect", makes socket.io-client reconnect by itself.
    expect(await Promise.all(reasons)).toEqual(['transport close', 'transport close', 'transport close']);
    expect((await staying.get('/health')).status).toBe(200);
  });
});
