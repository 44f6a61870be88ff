import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { AppError, type AppErrorCode, toHttpStatus } from "@vigil/services";
import { appErrorToTrpcCode, toTRPCError } from "./errors";

const codes = Object.keys(appErrorToTrpcCode) as AppErrorCode[];

describe("toTRPCError", () => {
  it.each(codes)("maps AppError %s to the tRPC code with the same HTTP status", (code) => {
    const mapped = toTRPCError(new AppError(code, `boom ${code}`));
    expect(mapped.code).toBe(appErrorToTrpcCode[code]);
    expect(mapped.message).toBe(`boom ${code}`);
    expect(getHTTPStatusCodeFromError(mapped)).toBe(toHttpStatus(code));
  });

  it("unwraps an AppError that tRPC already wrapped", () => {
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new AppError("NOT_FOUND", "incident not found") });
    const mapped = toTRPCError(wrapped);
    expect(mapped.code).toBe("NOT_FOUND");
    expect(mapped.message).toBe("incident not found");
  });

  it("keeps deliberate TRPCErrors as they are", () => {
    const err = new TRPCError({ code: "FORBIDDEN", message: "Viewers cannot change anything" });
    expect(toTRPCError(err)).toBe(err);
  });

  it("hides the message of unexpected errors", () => {
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error('relation "x" does not exist') });
    const mapped = toTRPCError(wrapped);
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).toBe("Internal error");
    expect(toTRPCError(new Error("secret detail")).message).toBe("Internal error");
  });
});
