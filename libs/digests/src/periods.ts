import { DateTime } from 'luxon';

export type DigestFrequency = 'daily' | 'weekly';

export interface Schedule {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
  timezone: string;
}

export interface Period {
  /** e.g. daily-2026-11-26, weekly-2026-W48: unique per user, usable in a BullMQ job id. */
  key: string;
  /** The moment from which this period's digest may go out. */
  sendAt: Date;
  /** How far back a first digest looks. */
  lengthMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The user's current period of a frequency, in their time zone. */
export function currentPeriod(frequency: DigestFrequency, now: Date, schedule: Schedule): Period {
  const local = DateTime.fromJSDate(now, { zone: schedule.timezone });
  if (frequency === 'daily') {
    return { key: `daily-${local.toISODate()}`, sendAt: local.startOf('day').set({ hour: schedule.hour }).toJSDate(), lengthMs: DAY_MS };
  }
  const weekStart = local.startOf('week');
  return {
    key: `weekly-${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`,
    sendAt: weekStart
      .plus({ days: schedule.weekday - 1 })
      .set({ hour: schedule.hour })
      .toJSDate(),
    lengthMs: 7 * DAY_MS,
  };
}

/**
 * Due once the period's send time has passed: a tick that comes late (a worker was down at
 * 08:00) still sends the day's digest, and the (user, period) row keeps it to one.
 */
export function isDue(frequency: DigestFrequency, now: Date, schedule: Schedule): boolean {
  return now >= currentPeriod(frequency, now, schedule).sendAt;
}

/**
 * The window of mention mails: mentions within `windowMs` go out together, at its end. The key
 * names the window's first second, so windows shorter than a minute get keys of their own (the
 * key is the mail's job id and its digest row: two windows sharing one would lose a mail).
 */
export function mentionWindow(now: Date, windowMs: number): { key: string; start: Date; end: Date } {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const stamp = new Date(start).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return { key: `mentions-${stamp}`, start: new Date(start), end: new Date(start + windowMs) };
}

export function isValidTimezone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
