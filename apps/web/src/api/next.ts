/** Only a path of this site may follow sign-in: `//evil.example` or `https://...` would leave it. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
