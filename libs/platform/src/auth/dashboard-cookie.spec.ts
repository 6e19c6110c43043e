import { queueDashboardCookie } from './dashboard-cookie';

describe('queueDashboardCookie', () => {
  it('is Secure only when the public URL is https (plain-HTTP development must still get it)', () => {
    expect(queueDashboardCookie('t', 'https://agora.example')).toBe(
      'agora_queues=t; Path=/admin/queues; Max-Age=3600; HttpOnly; SameSite=Strict; Secure',
    );
    expect(queueDashboardCookie('t', 'http://localhost:3000')).toBe(
      'agora_queues=t; Path=/admin/queues; Max-Age=3600; HttpOnly; SameSite=Strict',
    );
  });

  it('deletes the cookie when given no token', () => {
    expect(queueDashboardCookie(null, 'http://localhost:3000')).toBe(
      'agora_queues=; Path=/admin/queues; Max-Age=0; HttpOnly; SameSite=Strict',
    );
  });
});
