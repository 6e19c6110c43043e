import { createTransport } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { SMTP_TIMEOUTS, smtpOptions, smtpTarget } from './mail.transport';

/** What nodemailer makes of our options for a URL: the options its pool hands to getSocket. */
function resolved(url: string): SMTPPool.Options {
  const transporter = createTransport(smtpOptions(url, 2));
  const options = (transporter.transporter as unknown as { options: SMTPPool.Options }).options;
  transporter.close();
  return options;
}

describe('SMTP_URL -> transport options', () => {
  it('connects smtps:// without a port to 465 (implicit TLS), not 25', () => {
    const options = resolved('smtps://mail.example.org');
    expect(options.secure).toBe(true);
    expect(smtpTarget(options)).toEqual({ host: 'mail.example.org', port: 465 });
  });

  it('connects smtp:// without a port to 587, as nodemailer itself would', () => {
    const options = resolved('smtp://mail.example.org');
    expect(options.secure).toBe(false);
    expect(smtpTarget(options)).toEqual({ host: 'mail.example.org', port: 587 });
  });

  it('keeps an explicit port', () => {
    expect(smtpTarget(resolved('smtps://mail.example.org:2465'))).toEqual({ host: 'mail.example.org', port: 2465 });
    expect(smtpTarget(resolved('smtp://127.0.0.1:2525'))).toEqual({ host: '127.0.0.1', port: 2525 });
  });

  it('pools SMTP_POOL_SIZE connections and bounds connecting, the greeting and an idle socket', () => {
    const options = resolved('smtps://user:secret@mail.example.org');
    expect(options).toMatchObject({ ...SMTP_TIMEOUTS, pool: true, maxConnections: 2 });
    expect(SMTP_TIMEOUTS.connectionTimeout).toBeLessThanOrEqual(10_000);
    expect(SMTP_TIMEOUTS.socketTimeout).toBeLessThan(30_000);
    expect(options.auth).toMatchObject({ user: 'user' });
  });
});
