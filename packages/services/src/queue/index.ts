// Per-tenant sequential work queues with one bound across tenants: a tenant's batches run one
// after the other and in order (correlation windows and behaviour windows need event order), and
// events still waiting count toward `maxQueued`, past which ready() makes the caller (ingest's
// store writer) wait, so a backlog stays in the event log instead of this process's memory.
// Used by the rules pipeline and the UEBA sink.

export class TenantQueues {
  private readonly queues = new Map<string, Promise<void>>();
  private queued = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly maxQueued: number,
    /** A job's failure: logged here, never breaking the tenant's queue. */
    private readonly onError: (err: unknown, tenantId: string, weight: number) => void,
  ) {}

  /** Events queued and not yet processed. */
  get backlog(): number {
    return this.queued;
  }

  get full(): boolean {
    return this.queued >= this.maxQueued;
  }

  /** The tenant has work queued or running. */
  has(tenantId: string): boolean {
    return this.queues.has(tenantId);
  }

  /**
   * Runs `job` after the tenant's earlier jobs; its `weight` (events) counts toward the bound until
   * it settles. The returned promise settles with the job (callers may ignore it: failures are
   * also reported to onError).
   */
  run(tenantId: string, job: () => Promise<void>, weight = 0): Promise<void> {
    this.queued += weight;
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    // setImmediate: the HTTP answer is written before the job takes the CPU.
    const result = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(job);
    const next = result.then(
      () => this.release(weight),
      (err: unknown) => {
        this.onError(err, tenantId, weight);
        this.release(weight);
      },
    );
    this.queues.set(tenantId, next);
    void next.then(() => {
      if (this.queues.get(tenantId) === next) this.queues.delete(tenantId);
    });
    result.catch(() => undefined); // reported through onError
    return result;
  }

  /** Resolves once fewer than maxQueued events wait. */
  ready(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once every queued job (including ones queued meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  private release(weight: number): void {
    this.queued -= weight;
    if (this.full) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
