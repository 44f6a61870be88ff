export { enforceRetention } from "./enforce-retention";
export type { DroppedPartition, EnforceRetentionInput, RetentionReport } from "./enforce-retention";
export { ensurePartitionsAhead, PARTITION_DAYS_AHEAD } from "./ensure-partitions-ahead";
export type { PartitionsAheadResult } from "./ensure-partitions-ahead";
export { createMaintenanceDb, MaintenanceConfigError } from "./maintenance-db";
export type { MaintenanceDeps } from "./maintenance-db";
