export { getSummary } from "./get-summary";
export type { DashboardSummary } from "./get-summary";
export { latestAlerts, toEntities } from "./latest-alerts";
export type { AlertRow, AlertEntities } from "./latest-alerts";
