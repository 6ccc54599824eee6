/**
 * A sending-rate limit the way AWS meters one: a bucket holds at most one second's worth of tokens, refills
 * continuously at `perSecond`, and each request takes one token or is refused. Time is the engine's (the wall
 * clock), not the scaled business clock: a rate limit belongs to the service, not to the product's calendar.
 */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0)) throw new Error(`A sending rate must be positive, not ${perSecond}`);
    this.capacity = Math.max(1, perSecond);
    this.tokens = this.capacity;
    this.refilledAt = now();
  }

  /** Takes a token if one is there. */
  tryTake(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
