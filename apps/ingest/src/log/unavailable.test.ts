import { describe, expect, it } from "vitest";
import { isStoreUnavailable } from "./unavailable";

const pgError = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isStoreUnavailable", () => {
  it("recognizes an unreachable or restarting PostgreSQL", () => {
    expect(isStoreUnavailable(pgError("ECONNREFUSED"))).toBe(true);
    expect(isStoreUnavailable(pgError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isStoreUnavailable(pgError("08006"))).toBe(true);
    expect(isStoreUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("leaves batch errors alone: retrying them would fail the same way", () => {
    expect(isStoreUnavailable(pgError("22P02", "invalid input syntax for type json"))).toBe(false);
    expect(isStoreUnavailable(pgError("42501", "new row violates row-level security policy"))).toBe(false);
    expect(isStoreUnavailable(new Error("boom"))).toBe(false);
    expect(isStoreUnavailable("ECONNREFUSED")).toBe(false);
    expect(isStoreUnavailable(null)).toBe(false);
  });
});
