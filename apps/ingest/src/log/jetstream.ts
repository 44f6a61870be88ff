// Event log in NATS JetStream (server 2.9+): a file-storage work-queue stream, one message per
// micro-batch (many events, compact JSON, split under max_payload), deduplicated by a content hash
// (Nats-Msg-Id). append() resolves on the publish ack. A durable pull consumer feeds the store
// writer; a message is acked only after its PostgreSQL COMMIT. A store outage is retried in place
// with backoff (the messages held are kept alive with `working()`), so it only grows the stream.
import { setTimeout as sleep } from "node:timers/promises";
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import { connect, nanos } from "@nats-io/transport-node";
import type { NatsConnection } from "@nats-io/transport-node";
import type { VigilEvent } from "@vigil/schema";
import { decodeMessage, encodeBatch, withDeadLetterIds } from "./batch";
import { materialize } from "./raw";
import type { AppendResult, BatchWriter, EventLog, LogBatch, LogLogger, LogStats } from "./types";
import { LogUnavailableError } from "./types";
import type { IntakeGauge } from "./intake";
import { isStoreUnavailable } from "./unavailable";

export interface JetStreamLogOptions {
  servers: string;
  stream: string;
  /** Subjects are `<prefix>.<tenantId>`. */
  subjectPrefix: string;
  durable: string;
  /** The server redelivers a message not acked (nor kept alive) within this time. */
  ackWaitMs: number;
  /** Messages delivered to the writer and not yet acked, at most (bounds the writer's memory). */
  maxAckPending: number;
  /** Stream size limit in bytes (-1: disk is the limit); when full, appends answer 503. */
  maxBytes: number;
  publishTimeoutMs: number;
  /** Events per COPY transaction when the writer groups messages of one tenant. */
  maxEventsPerCommit: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** Deliveries of a message the store keeps rejecting (not an outage) before its events become dead letters. */
  maxRejections: number;
  /**
   * Shared with the receivers' thread (intake.ts): the receivers' log counts its appends in it, the
   * processing thread's log waits for them before each commit. Absent: neither.
   */
  intake?: IntakeGauge;
}

export const JETSTREAM_DEFAULTS: Omit<JetStreamLogOptions, "servers"> = {
  stream: "VIGIL_EVENTS",
  subjectPrefix: "vigil.events",
  durable: "vigil-store",
  ackWaitMs: 30_000,
  maxAckPending: 256,
  maxBytes: -1,
  publishTimeoutMs: 5_000,
  maxEventsPerCommit: 5_000,
  retryMinMs: 200,
  retryMaxMs: 5_000,
  maxRejections: 5,
};

/** Headroom under max_payload for the subject and the Nats-Msg-Id header. */
const HEADER_ROOM = 4 * 1024;
const LOG_EVERY_MS = 10_000;

interface Delivered {
  msg: JsMsg;
  tenantId: string;
  /** As logged; raw lines are parsed (and the batch replaced) when its group is written. */
  batch: LogBatch;
}

export class JetStreamLog implements EventLog {
  readonly mode = "jetstream" as const;
  /** Raw lines are a fraction of the bytes of their events: the reading side parses them (log/raw.ts). */
  readonly prefersRaw = true;
  private readonly js: JetStreamClient;
  private messages: ConsumerMessages | undefined;
  private readonly buffer: Delivered[] = [];
  private processing: Promise<void> | undefined;
  private reading: Promise<void> | undefined;
  private stopping = false;
  private committed = 0;
  private failures = 0;
  private lastOutageLog = 0;
  /** Between a disconnect and the reconnect: appends fail fast instead of waiting on a publish timeout. */
  private disconnected = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly options: JetStreamLogOptions,
    private readonly log: LogLogger,
  ) {
    this.js = jetstream(nc, { timeout: options.publishTimeoutMs });
    void this.watch();
  }

  private async watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === "disconnect") {
        this.disconnected = true;
        this.log.warn({ server: status.server }, "disconnected from NATS: appends answer 503 until reconnected");
      } else if (status.type === "reconnect") {
        this.disconnected = false;
        this.log.info({ server: status.server }, "reconnected to NATS");
      }
    }
  }

  /** Connects (reconnecting forever afterwards) and creates the stream and consumer if missing. */
  static async connect(options: JetStreamLogOptions, log: LogLogger): Promise<JetStreamLog> {
    const nc = await connect({ servers: options.servers, name: "vigil-ingest", maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    try {
      const jsm = await jetstreamManager(nc);
      const self = new JetStreamLog(nc, jsm, options, log);
      await self.ensureStream();
      await self.ensureConsumer();
      return self;
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  private subject(tenantId: string): string {
    return `${this.options.subjectPrefix}.${tenantId}`;
  }

  private async ensureStream(): Promise<void> {
    const { stream, subjectPrefix, maxBytes } = this.options;
    const config = {
      subjects: [`${subjectPrefix}.>`],
      max_bytes: maxBytes,
      discard: DiscardPolicy.New,
      duplicate_window: nanos(120_000),
    };
    try {
      await this.jsm.streams.info(stream);
      await this.jsm.streams.update(stream, config);
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.StreamNotFound)) throw error;
      // Work queue: a message leaves the stream once the writer acked it (after COMMIT).
      await this.jsm.streams.add({ name: stream, storage: StorageType.File, retention: RetentionPolicy.Workqueue, ...config });
    }
  }

  private async ensureConsumer(): Promise<void> {
    const { stream, durable, ackWaitMs, maxAckPending, subjectPrefix } = this.options;
    const settings = { ack_wait: nanos(ackWaitMs), max_ack_pending: maxAckPending };
    try {
      await this.jsm.consumers.info(stream, durable);
      await this.jsm.consumers.update(stream, durable, settings);
    } catch (error) {
      if (!isNotFound(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
      await this.jsm.consumers.add(stream, {
        durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: `${subjectPrefix}.>`, ...settings,
      });
    }
  }

  get maxMessageBytes(): number {
    return (this.nc.info?.max_payload ?? 1024 * 1024) - HEADER_ROOM;
  }

  async append(tenantId: string, batch: LogBatch): Promise<AppendResult> {
    if (this.stopping) throw new LogUnavailableError("ingest is shutting down", 1);
    if (this.disconnected) throw new LogUnavailableError("the event log (NATS) is unreachable; retry later", 2);
    const messages = encodeBatch(tenantId, withDeadLetterIds(tenantId, batch), this.maxMessageBytes);
    const { intake } = this.options;
    intake?.begin();
    try {
      await Promise.all(messages.map((m) => this.js.publish(this.subject(tenantId), m.body, { msgID: m.id, timeout: this.options.publishTimeoutMs })));
    } catch (error) {
      // Some messages may be in the stream already: the sender's retry republishes the same ids
      // (deduplicated by the server) and the events are idempotent in PostgreSQL anyway.
      throw new LogUnavailableError(`the event log did not accept the batch: ${(error as Error).message}`, 2, { cause: error });
    } finally {
      intake?.end();
    }
    return { mode: "queued", messages: messages.length };
  }

  async start(writer: BatchWriter): Promise<void> {
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    const messages = await consumer.consume({ max_messages: Math.min(64, this.options.maxAckPending) });
    this.messages = messages;
    this.reading = (async () => {
      for await (const msg of messages) {
        const delivered = this.read(msg);
        if (!delivered) continue;
        this.buffer.push(delivered);
        this.processing ??= this.drain(writer).finally(() => {
          this.processing = undefined;
        });
      }
    })().catch((err: unknown) => this.log.error({ err }, "event log consumer stopped"));
  }

  private read(msg: JsMsg): Delivered | undefined {
    try {
      const { tenantId, batch } = decodeMessage(msg.string());
      if (msg.subject !== this.subject(tenantId)) throw new Error(`message for tenant ${tenantId} on subject ${msg.subject}`);
      return { msg, tenantId, batch };
    } catch (err) {
      // Nothing Vigil can store: keep it out of the way (it stays visible in the server's advisories).
      this.log.error({ err, subject: msg.subject, seq: msg.seq }, "unreadable event log message terminated");
      msg.term(String(err));
      return undefined;
    }
  }

  private async drain(writer: BatchWriter): Promise<void> {
    while (this.buffer.length > 0 && !this.stopping) {
      if (this.options.intake) await this.options.intake.yieldToIntake();
      if (this.buffer.length === 0 || this.stopping) break;
      const group = this.takeGroup();
      await this.writeGroup(writer, group);
    }
  }

  /** The first buffered message's tenant, and its following messages up to maxEventsPerCommit. */
  private takeGroup(): Delivered[] {
    const first = this.buffer[0] as Delivered;
    const group: Delivered[] = [];
    let events = 0;
    for (let i = 0; i < this.buffer.length; ) {
      const d = this.buffer[i] as Delivered;
      if (d.tenantId !== first.tenantId) {
        i++;
        continue;
      }
      // The tenant's next message waits for the next commit: its order is kept.
      const size = d.batch.events.length + (d.batch.raw?.lines.length ?? 0);
      if (group.length > 0 && events + size > this.options.maxEventsPerCommit) break;
      group.push(d);
      events += size;
      this.buffer.splice(i, 1);
    }
    return group;
  }

  private async writeGroup(writer: BatchWriter, group: Delivered[]): Promise<void> {
    const tenantId = (group[0] as Delivered).tenantId;
    // Raw lines parsed now, a commit's worth at a time (parsed on delivery, the messages held
    // unacknowledged would all be events in memory at once); a line that does not parse is a dead
    // letter, never an error.
    for (const d of group) d.batch = materialize(d.tenantId, d.batch);
    const batch = merge(group.map((d) => d.batch));
    for (let attempt = 0; ; attempt++) {
      try {
        await writer.write(tenantId, batch);
        for (const d of group) d.msg.ack();
        this.committed += group.length;
        return;
      } catch (err) {
        this.failures++;
        if (!isStoreUnavailable(err)) return this.rejected(writer, group, err);
        this.logOutage(err, tenantId);
        if (this.stopping) return this.release(group);
        await this.waitRetry(group, attempt);
      }
    }
  }

  /** Outage: wait (growing), keeping every held message alive so the server does not redeliver it. */
  private async waitRetry(group: Delivered[], attempt: number): Promise<void> {
    const delay = Math.min(this.options.retryMinMs * 2 ** attempt, this.options.retryMaxMs);
    for (const d of [...group, ...this.buffer]) d.msg.working();
    await sleep(delay);
  }

  /**
   * The store refused the batch itself (not an outage): a message of the group is bad. Written one
   * by one; a message refused maxRejections times has its events kept as dead letters (raw, with
   * the reason) rather than lost; until then it is redelivered later.
   */
  private async rejected(writer: BatchWriter, group: Delivered[], err: unknown): Promise<void> {
    if (group.length > 1) {
      for (const d of group) await this.writeGroup(writer, [d]);
      return;
    }
    const d = group[0] as Delivered;
    const deliveries = d.msg.info.deliveryCount;
    this.log.error({ err, tenantId: d.tenantId, seq: d.msg.seq, deliveries }, "the event store rejected an event log message");
    if (deliveries < this.options.maxRejections) return d.msg.nak(this.options.retryMaxMs);
    const reason = `the event store rejected the event: ${(err as Error).message}`;
    const deadLetters = [...d.batch.deadLetters, ...d.batch.events.map((e: VigilEvent) => ({ receiver: e.vigil.receiver, reason, raw: e.raw }))];
    try {
      await writer.write(d.tenantId, withDeadLetterIds(d.tenantId, { events: [], deadLetters }));
      d.msg.ack();
    } catch (again) {
      this.log.error({ err: again, tenantId: d.tenantId, seq: d.msg.seq }, "could not keep the rejected events as dead letters; redelivering later");
      d.msg.nak(this.options.retryMaxMs);
    }
  }

  private release(group: Delivered[]): void {
    for (const d of group) d.msg.nak();
  }

  private logOutage(err: unknown, tenantId: string): void {
    const now = Date.now();
    if (now - this.lastOutageLog < LOG_EVERY_MS) return;
    this.lastOutageLog = now;
    this.log.warn({ err, tenantId, held: this.buffer.length }, "event store unavailable: batches stay in JetStream, retrying");
  }

  async stats(): Promise<LogStats> {
    const info = await this.jsm.consumers.info(this.options.stream, this.options.durable);
    return { mode: this.mode, pending: info.num_pending + info.num_ack_pending, committed: this.committed, storeFailures: this.failures };
  }

  /** Finishes the group being written, hands back what is held (redelivered to the next process), disconnects. */
  async close(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.messages?.close();
    await this.processing;
    await this.reading;
    this.release(this.buffer.splice(0));
    await this.nc.drain();
  }
}

function merge(batches: LogBatch[]): LogBatch {
  if (batches.length === 1) return batches[0] as LogBatch;
  return { events: batches.flatMap((b) => b.events), deadLetters: batches.flatMap((b) => b.deadLetters) };
}

function isNotFound(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
