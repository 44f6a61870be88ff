import { describe, expect, it } from "vitest";
import { AppError, isAppError, toHttpStatus } from "./errors";

describe("AppError", () => {
  it("carries a stable code and details", () => {
    const e = new AppError("BAD_REQUEST", "Invalid input.", { fields: { email: "required" } });
    expect(e).toBeInstanceOf(Error);
    expect(isAppError(e)).toBe(true);
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.details).toEqual({ fields: { email: "required" } });
    expect(isAppError(new Error("x"))).toBe(false);
  });

  it("maps codes to HTTP statuses", () => {
    expect(toHttpStatus("BAD_REQUEST")).toBe(400);
    expect(toHttpStatus("UNAUTHORIZED")).toBe(401);
    expect(toHttpStatus("FORBIDDEN")).toBe(403);
    expect(toHttpStatus("NOT_FOUND")).toBe(404);
    expect(toHttpStatus("CONFLICT")).toBe(409);
    expect(toHttpStatus("PAYLOAD_TOO_LARGE")).toBe(413);
    expect(toHttpStatus("TOO_MANY_REQUESTS")).toBe(429);
    expect(toHttpStatus("INTERNAL")).toBe(500);
    expect(toHttpStatus("UNAVAILABLE")).toBe(503);
  });
});
