import { REDACTED, redactRequest, redactUrl } from './redact';

describe('redactUrl', () => {
  it.each([
    ['/api/invitations/abcDEF_123-x/accept', `/api/invitations/${REDACTED}/accept`],
    ['https://agora.example.org/invitations/abcDEF_123-x', `https://agora.example.org/invitations/${REDACTED}`],
    ['/api/events.ics?token=s3cret', `/api/events.ics?token=${REDACTED}`],
    ['/api/unsubscribe?lang=en&token=s3cret#x', `/api/unsubscribe?lang=en&token=${REDACTED}#x`],
    ['/api/unsubscribe?TOKEN=s3cret', `/api/unsubscribe?TOKEN=${REDACTED}`],
  ])('%s', (url, expected) => expect(redactUrl(url)).toBe(expected));

  it('leaves URLs without tokens alone', () => {
    for (const url of ['/api/invitations', '/api/forums?limit=5', '/api/events.ics', '/api/posts?tokens=3'])
      expect(redactUrl(url)).toBe(url);
  });
});

describe('redactRequest', () => {
  it('redacts the query, the route parameters and the Referer without touching the live request', () => {
    const headers = { referer: 'https://agora.example.org/invitations/s3cret', 'user-agent': 'x' };
    const query = { token: 's3cret', lang: 'en' };
    const out = redactRequest({ url: '/api/unsubscribe?token=s3cret', query, params: { token: 's3cret' }, headers });
    expect(JSON.stringify(out)).not.toContain('s3cret');
    expect(out.headers['user-agent']).toBe('x');
    expect(headers.referer).toContain('s3cret');
    expect(query.token).toBe('s3cret');
  });
});
