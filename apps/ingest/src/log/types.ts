// The durable event log between the receivers and the store: a receiver acknowledges a sender only
// once append() resolved, and append() resolves only once the batch is durable (published to
// JetStream and acknowledged by it, or committed to PostgreSQL in in-process mode).
import type { FormatId } from "@vigil/parsers";
import type { DeadLetterInput, StoreResult } from "@vigil/services/events";
import type { Receiver, VigilEvent } from "@vigil/schema";

/**
 * Lines logged as received, parsed by the side that stores them (log/raw.ts): syslog with
 * JetStream, so the receivers' thread does not parse.
 */
export interface RawLines {
  receiver: Receiver;
  format: FormatId | "auto";
  lines: readonly string[];
  /** Receive time of each line (epoch ms). */
  receivedAt: readonly number[];
}

/** One receiver request (or syslog micro-batch) of a tenant: valid events and dead letters, and raw lines still to parse. */
export interface LogBatch {
  events: readonly VigilEvent[];
  deadLetters: readonly DeadLetterInput[];
  raw?: RawLines;
}

/**
 * `stored`: committed to PostgreSQL before append() resolved (in-process mode): the receiver can
 * tell fresh events from replays. `queued`: durable in the log, stored later by the writer.
 */
export type AppendResult = { mode: "stored"; stored: StoreResult } | { mode: "queued"; messages: number };

export interface LogStats {
  mode: "in-process" | "jetstream";
  /** Batches accepted and not yet committed to PostgreSQL (messages in the stream for JetStream). */
  pending: number;
  /** Batches committed by this process's writer. */
  committed: number;
  /** Store attempts that failed and were (or will be) retried. */
  storeFailures: number;
}

/** Stores one batch in PostgreSQL and hands its fresh events to detection. */
export interface BatchWriter {
  write(tenantId: string, batch: LogBatch): Promise<StoreResult>;
}

export interface EventLog {
  readonly mode: LogStats["mode"];
  /**
   * True when it is cheaper to append raw lines than parsed events (the batch's `raw`): the lines
   * are parsed when they are stored. Either way append takes a batch with raw lines.
   */
  readonly prefersRaw?: boolean;
  /** Resolves once the batch is durable; rejects with LogUnavailableError when it cannot be now. */
  append(tenantId: string, batch: LogBatch): Promise<AppendResult>;
  /** Starts feeding the writer (JetStream: the durable consumer; in-process: appends write through it). */
  start(writer: BatchWriter): Promise<void>;
  stats(): Promise<LogStats>;
  /** Stops taking batches, finishes the batch being written, releases connections. */
  close(): Promise<void>;
}

/** The log (or the store behind it) cannot take the batch now: senders should retry later. */
export class LogUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string, readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LogUnavailableError";
  }
}

/** A single event or dead letter larger than a log message may be (JetStream max_payload). */
export class BatchItemTooLargeError extends Error {
  constructor(readonly bytes: number, readonly maxBytes: number) {
    super(`an event of ${bytes} bytes (serialized) exceeds the event log's ${maxBytes}-byte message limit`);
    this.name = "BatchItemTooLargeError";
  }
}

export function isLogUnavailable(error: unknown): error is LogUnavailableError {
  return error instanceof LogUnavailableError;
}

export interface LogLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
