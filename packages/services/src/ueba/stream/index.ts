// Streaming and training side of UEBA (imports TensorFlow.js through @vigil/ml): ingest and the
// worker use it. Read-only queries for the portal live in "@vigil/services/ueba" without it.
export { UebaSink, type UebaAlertsRecorded, type UebaLogger, type UebaSinkOptions } from "./sink";
export { TenantStream, type BatchOutcome, type SeriesModel } from "./tenant-stream";
export { trainUebaModel, listUebaTenants, type TrainUebaInput, type TrainUebaResult } from "./train";
export { loadLatestModels, priorDetector, priorFeatureRows, type ModelMetrics, type StoredModel } from "./models";
