export { otlpLogsParser, parseOtlpLogs } from "./logs";
export type { OtlpLogsParse } from "./logs";
