import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeNext } from './next';
import { currentAccessToken, refreshAccessToken } from './session';

afterEach(() => vi.unstubAllGlobals());

describe('refreshAccessToken', () => {
  it('runs one refresh for concurrent callers (a second would present a used token and end the session)', async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetch = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetch);
    const first = refreshAccessToken();
    const second = refreshAccessToken();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    answer(new Response(JSON.stringify({ accessToken: 'fresh', refreshToken: 'ignored' }), { status: 200 }));
    expect(await Promise.all([first, second])).toEqual(['fresh', 'fresh']);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(currentAccessToken()).toBe('fresh');
  });

  it('sends no token of its own: the httpOnly cookie carries it', async () => {
    const fetch = vi.fn((_url: string, _init: RequestInit) => Promise.resolve(new Response('{}', { status: 401 })));
    vi.stubGlobal('fetch', fetch);
    expect(await refreshAccessToken()).toBeNull();
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'POST', body: '{}', credentials: 'same-origin' });
    expect(currentAccessToken()).toBeNull();
  });
});

describe('safeNext', () => {
  it('keeps a path of this site and refuses anything that leaves it', () => {
    expect(safeNext('/cities/bologna?x=1')).toBe('/cities/bologna?x=1');
    for (const evil of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', undefined]) {
      expect(safeNext(evil)).toBe('/');
    }
  });
});
