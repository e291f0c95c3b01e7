// Log lines that a flood of connections could otherwise multiply: the first goes out at once,
// the others of the same interval are only counted, and one line sums them up when it ends.

export class RateLimitedLog {
  private suppressed = 0;
  private quietUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: (s: string) => void,
    private readonly intervalMs: number,
    private readonly summary: (count: number) => string,
  ) {}

  line(text: string): void {
    const now = Date.now();
    if (now >= this.quietUntil) {
      this.out(text);
      this.quietUntil = now + this.intervalMs;
      return;
    }
    if (this.suppressed++ === 0) {
      this.timer = setTimeout(() => this.flush(), this.quietUntil - now);
      // A pending summary must not keep the process alive on its own.
      this.timer.unref();
    }
  }

  /** Writes the summary of what was held back, if anything (at the interval's end, or on exit). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.suppressed === 0) return;
    const n = this.suppressed;
    this.suppressed = 0;
    this.out(this.summary(n));
  }
}
