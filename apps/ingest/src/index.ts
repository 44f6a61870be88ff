export { buildIngestServer } from "./server";
export type { IngestServerDeps } from "./server";
export { DetectionPipeline } from "./pipeline";
export type { PipelineDeps, PipelineLogger, StartResponse } from "./pipeline";
export { temporalStarter } from "./temporal";
export type { TemporalStarter } from "./temporal";
export type { EventSink } from "./ingest-body";
