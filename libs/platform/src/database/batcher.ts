interface Waiting<K, R> {
  key: K;
  resolve: (result: R | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the single-row statements of concurrent jobs into one statement: each caller asks for
 * its key and gets its row, while the database sees one query per `waitMs` (or per `max` keys).
 * This is what keeps a digest run under one query per user with 20+ jobs in flight.
 */
export class Batcher<K, R> {
  private waiting: Waiting<K, R>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (keys: K[]) => Promise<Map<string, R>>,
    private readonly keyOf: (key: K) => string,
    private readonly waitMs = 5,
    private readonly max = 200,
  ) {}

  load(key: K): Promise<R | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.waiting.length >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.waitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting.splice(0);
    if (!batch.length) return;
    this.run(batch.map((w) => w.key)).then(
      (results) => batch.forEach((w) => w.resolve(results.get(this.keyOf(w.key)))),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }
}
