/**
 * A value read on first use and read again once it is older than `maxAgeMs`; callers meanwhile
 * share the one read in flight. A failed read is not kept: the next caller tries again. For
 * reference data and statistics that change rarely but are asked for on every request.
 */
export class Refreshed<T> {
  private current?: { at: number; value: Promise<T> };

  constructor(
    private readonly maxAgeMs: number,
    private readonly read: () => Promise<T>,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.current && this.now() - this.current.at <= this.maxAgeMs) return this.current.value;
    const value = this.read();
    const entry = { at: this.now(), value };
    this.current = entry;
    value.catch(() => {
      if (this.current === entry) this.current = undefined;
    });
    return value;
  }
}
