// The one place that turns typed service errors into tRPC errors (and so HTTP statuses).
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { AppErrorCode } from "@vigil/services";

export const appErrorToTrpcCode: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

interface AppErrorLike {
  code: AppErrorCode;
  message: string;
}

/** Duck-typed so an AppError from another copy of the module (bundlers) still maps. */
export function isAppError(err: unknown): err is AppErrorLike {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && Object.hasOwn(appErrorToTrpcCode, code);
}

/** Maps an AppError to a TRPCError with the same message; anything else becomes a generic 500. */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) {
    if (isAppError(err.cause)) return toTRPCError(err.cause);
    // tRPC wraps unknown throwables as INTERNAL_SERVER_ERROR carrying their message (SQL, stack details): hide it.
    if (err.code === "INTERNAL_SERVER_ERROR" && err.cause && !(err.cause instanceof TRPCError)) {
      return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Internal error", cause: err.cause });
    }
    return err;
  }
  if (isAppError(err)) {
    return new TRPCError({ code: appErrorToTrpcCode[err.code], message: err.message, cause: err });
  }
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: "Internal error",
    cause: err instanceof Error ? err : undefined,
  });
}
