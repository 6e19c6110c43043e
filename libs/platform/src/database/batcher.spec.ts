import { Batcher } from './batcher';

describe('Batcher', () => {
  it('answers concurrent callers from one run, each with its own row', async () => {
    const runs: string[][] = [];
    const batcher = new Batcher<string, number>(
      (keys) => {
        runs.push(keys);
        return Promise.resolve(new Map(keys.filter((key) => key !== 'missing').map((key) => [key, key.length])));
      },
      (key) => key,
    );
    const results = await Promise.all(['a', 'bb', 'missing', 'cccc'].map((key) => batcher.load(key)));
    expect(results).toEqual([1, 2, undefined, 4]);
    expect(runs).toEqual([['a', 'bb', 'missing', 'cccc']]);
  });

  it('runs at once when full, and passes a failure to every caller of that run', async () => {
    let calls = 0;
    const batcher = new Batcher<string, number>(
      () => {
        calls += 1;
        return Promise.reject(new Error('down'));
      },
      (key) => key,
      1000,
      2,
    );
    await expect(Promise.all([batcher.load('a'), batcher.load('b')])).rejects.toThrow('down');
    expect(calls).toBe(1);
  });
});
