import { Injectable } from '@nestjs/common';

/**
 * The time, as a provider: code that decides by the clock (digest schedules) asks this, so
 * tests can move time instead of waiting for it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock the tests set by hand. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to);
  }
}
