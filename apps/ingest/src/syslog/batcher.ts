// Syslog messages of each tenant gathered into micro-batches (up to maxLines or maxDelayMs),
// each parsed and committed with its dead letters in one storeIngestBatch transaction, then
// handed to detection. A full batch flushes at once and its promise lets TCP readers pause.
import { parseAny } from "@vigil/parsers";
import type { FormatId } from "@vigil/parsers";
import type { ServiceDeps } from "@vigil/services";
import { storeIngestBatch } from "@vigil/services/events";
import type { DeadLetterInput } from "@vigil/services/events";
import type { VigilEvent } from "@vigil/schema";
import type { EventSink } from "../ingest-body";
import { distinguishRepeats } from "../occurrences";
import type { SyslogLog, SyslogStats } from "./stats";

export interface BatcherOptions {
  maxLines: number;
  maxDelayMs: number;
  format?: FormatId | "auto";
}

interface Pending {
  messages: { text: string; receivedAt: Date }[];
  deadLetters: DeadLetterInput[];
  timer?: NodeJS.Timeout;
}

export class SyslogBatcher {
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly committing = new Map<string, Promise<void>>();
  private buffered = 0;

  constructor(
    private readonly deps: { services: ServiceDeps; sink: EventSink; stats: SyslogStats; log: SyslogLog },
    private readonly options: BatcherOptions,
  ) {}

  /** Messages accepted but not yet committed (for overload decisions). */
  get backlog(): number {
    return this.buffered;
  }

  /** Queues a message; returns a promise to wait for when the tenant already has a full batch committing. */
  add(tenantId: string, text: string): Promise<void> | undefined {
    return this.queue(tenantId, (p) => p.messages.push({ text, receivedAt: new Date() }));
  }

  /** Queues a record that is already known to be bad (oversized, broken framing). */
  deadLetter(tenantId: string, reason: string, raw: string): Promise<void> | undefined {
    return this.queue(tenantId, (p) => p.deadLetters.push({ receiver: "syslog", reason, raw }));
  }

  /** Commits everything queued and waits for commits in progress. */
  async flushAll(): Promise<void> {
    for (const tenantId of [...this.pending.keys()]) this.flush(tenantId);
    await Promise.all([...this.inFlight]);
  }

  private queue(tenantId: string, put: (p: Pending) => void): Promise<void> | undefined {
    let p = this.pending.get(tenantId);
    if (!p) {
      p = { messages: [], deadLetters: [] };
      this.pending.set(tenantId, p);
      p.timer = setTimeout(() => this.flush(tenantId), this.options.maxDelayMs);
    }
    put(p);
    this.buffered++;
    if (p.messages.length + p.deadLetters.length < this.options.maxLines) return undefined;
    // One commit per tenant may run while the next batch fills (parsing overlaps the database
    // round trip); a sender filling a second batch before the first is committed waits for it.
    const previous = this.committing.get(tenantId);
    const current = this.flush(tenantId);
    this.committing.set(tenantId, current);
    void current.then(() => {
      if (this.committing.get(tenantId) === current) this.committing.delete(tenantId);
    });
    return previous;
  }

  private flush(tenantId: string): Promise<void> {
    const p = this.pending.get(tenantId);
    if (!p) return Promise.resolve();
    this.pending.delete(tenantId);
    clearTimeout(p.timer);
    const done = this.commit(tenantId, p).finally(() => {
      this.buffered -= p.messages.length + p.deadLetters.length;
      this.inFlight.delete(done);
    });
    this.inFlight.add(done);
    return done;
  }

  private async commit(tenantId: string, p: Pending): Promise<void> {
    const events: VigilEvent[] = [];
    const deadLetters = [...p.deadLetters];
    const format = this.options.format ?? "auto";
    for (const m of p.messages) {
      const parsed = parseAny(m.text, { tenantId, receivedAt: m.receivedAt, receiver: "syslog", format });
      if (parsed.ok) events.push(parsed.event);
      else deadLetters.push({ receiver: "syslog", reason: `${parsed.error.format}: ${parsed.error.reason} (column ${parsed.error.position + 1})`, raw: m.text });
    }
    const { stats } = this.deps;
    try {
      const stored = await storeIngestBatch(this.deps.services, tenantId, { events: distinguishRepeats(events), deadLetters });
      stats.stored += stored.inserted;
      stats.duplicates += stored.duplicates;
      stats.deadLettered += stored.deadLetters;
      if (stored.fresh.length > 0) this.deps.sink.enqueue(tenantId, stored.fresh);
    } catch (err) {
      stats.dropped.storeFailed += p.messages.length + p.deadLetters.length;
      this.deps.log.error({ err, tenantId, messages: p.messages.length }, "syslog batch could not be stored");
    }
  }
}
