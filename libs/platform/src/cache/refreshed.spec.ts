import { Refreshed } from './refreshed';

describe('Refreshed', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => (now = 1_000));

  it('reads once while the value is fresh, and shares a read in flight', async () => {
    const read = jest.fn(() => Promise.resolve('forums'));
    const cached = new Refreshed(60_000, read, clock);
    const [first, second] = await Promise.all([cached.get(), cached.get()]);
    now += 60_000;
    expect([first, second, await cached.get()]).toEqual(['forums', 'forums', 'forums']);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('reads again once the value is older than its maximum age', async () => {
    let version = 0;
    const cached = new Refreshed(60_000, () => Promise.resolve(++version), clock);
    expect(await cached.get()).toBe(1);
    now += 60_001;
    expect(await cached.get()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const read = jest.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue('forums');
    const cached = new Refreshed(60_000, read, clock);
    await expect(cached.get()).rejects.toThrow('database down');
    expect(await cached.get()).toBe('forums');
    expect(read).toHaveBeenCalledTimes(2);
  });
});
