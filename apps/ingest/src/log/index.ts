// The event log chosen by the environment: JetStream when NATS_URL is set, else in-process.
import type { IngestEnv } from "../env";
import { InProcessLog } from "./in-process";
import { JetStreamLog } from "./jetstream";
import type { IntakeGauge } from "./intake";
import type { EventLog, LogLogger } from "./types";

/** The configured event log; `intake` (JetStream only) is shared between the receivers' and the processing thread's logs (intake.ts). */
export async function createEventLog(config: IngestEnv["eventLog"], log: LogLogger, intake?: IntakeGauge): Promise<EventLog> {
  if (config.kind === "in-process") return new InProcessLog(config.options);
  return JetStreamLog.connect(intake ? { ...config.options, intake } : config.options, log);
}

export { InProcessLog, IN_PROCESS_DEFAULTS } from "./in-process";
export { JetStreamLog, JETSTREAM_DEFAULTS } from "./jetstream";
export { newOutboxOwner, storeWriter } from "./writer";
export type { StoreWriterOptions } from "./writer";
export { DetectionRecovery } from "./recovery";
export type { RecoveryOptions, SweepResult } from "./recovery";
export type { AppendResult, BatchWriter, EventLog, LogBatch, LogLogger, LogStats } from "./types";
export { BatchItemTooLargeError, LogUnavailableError, isLogUnavailable } from "./types";
