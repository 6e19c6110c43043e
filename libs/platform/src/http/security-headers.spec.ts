import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("records helmet's headers for the options once, as a plain set", () => {
    const headers = securityHeaders();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toContain("default-src 'self'");
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('leaves out what the options turn off', () => {
    expect(securityHeaders({ strictTransportSecurity: false })).not.toHaveProperty('strict-transport-security');
  });
});
