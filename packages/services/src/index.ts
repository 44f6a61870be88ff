export { AppError, isAppError, toHttpStatus } from "./errors";
export type { AppErrorCode } from "./errors";
export type { ServiceDeps, TenantContext } from "./context";
