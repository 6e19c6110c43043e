import { currentPeriod, isDue, isValidTimezone, mentionWindow } from './periods';

describe('digest periods', () => {
  const rome = { weekday: 1, hour: 8, timezone: 'Europe/Rome' };

  it('keys a daily period by the local date, and is due from the local hour', () => {
    // 06:30 UTC is 07:30 in Rome (UTC+1 in November): not yet due.
    expect(currentPeriod('daily', new Date('2026-11-26T06:30:00Z'), rome).key).toBe('daily-2026-11-26');
    expect(isDue('daily', new Date('2026-11-26T06:30:00Z'), rome)).toBe(false);
    expect(isDue('daily', new Date('2026-11-26T07:00:00Z'), rome)).toBe(true);
    // 23:30 UTC is already tomorrow in Rome.
    expect(currentPeriod('daily', new Date('2026-11-26T23:30:00Z'), rome).key).toBe('daily-2026-11-27');
  });

  it('keys a weekly period by ISO week, due from the chosen weekday and hour on', () => {
    const thursday = { weekday: 4, hour: 9, timezone: 'America/New_York' };
    expect(currentPeriod('weekly', new Date('2026-11-26T13:00:00Z'), thursday).key).toBe('weekly-2026-W48');
    expect(isDue('weekly', new Date('2026-11-26T13:00:00Z'), thursday)).toBe(false); // 08:00 in New York
    expect(isDue('weekly', new Date('2026-11-26T14:00:00Z'), thursday)).toBe(true);
    expect(isDue('weekly', new Date('2026-11-28T00:00:00Z'), thursday)).toBe(true); // a late tick still sends
    expect(isDue('weekly', new Date('2026-11-24T20:00:00Z'), thursday)).toBe(false); // Tuesday
    expect(currentPeriod('weekly', new Date('2027-01-01T12:00:00Z'), rome).key).toBe('weekly-2026-W53');
  });

  it('groups mentions into windows', () => {
    const window = mentionWindow(new Date('2026-11-26T19:37:12Z'), 5 * 60_000);
    expect(window).toEqual({
      key: 'mentions-20261126193500',
      start: new Date('2026-11-26T19:35:00Z'),
      end: new Date('2026-11-26T19:40:00Z'),
    });
    expect(window.key).not.toContain(':');
  });

  it('gives each window shorter than a minute its own key', () => {
    const keys = ['19:37:01Z', '19:37:03Z', '19:37:05Z'].map((t) => mentionWindow(new Date(`2026-11-26T${t}`), 2_000).key);
    expect(keys).toEqual(['mentions-20261126193700', 'mentions-20261126193702', 'mentions-20261126193704']);
  });

  it('knows a time zone from a typo', () => {
    expect(isValidTimezone('Europe/Brussels')).toBe(true);
    expect(isValidTimezone('Europe/Bruxelles')).toBe(false);
  });
});
