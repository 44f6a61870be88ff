// A token bucket that may go into debt: a request is admitted while the bucket is not in debt and
// then charged its full cost, even when that exceeds the burst. So a 5 MB body is never refused
// forever by a 1 MB/s quota, costs that are only known afterwards (events counted after parsing)
// can still be charged, and the debt tells the sender exactly how long to wait (Retry-After).
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    now: number,
  ) {
    if (!(ratePerSecond > 0) || !(burst > 0)) throw new RangeError(`token bucket needs a positive rate and burst, got ${ratePerSecond}/s, ${burst}`);
    this.tokens = burst;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
    }
  }

  /** Milliseconds until the bucket is out of debt; 0 when a request may proceed now. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }

  take(cost: number, now: number): void {
    this.refill(now);
    this.tokens -= cost;
  }

  /** Full buckets carry no state worth keeping (idle tenants are forgotten). */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst;
  }
}
