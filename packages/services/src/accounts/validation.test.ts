import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { parseOrThrow, signUpSchema } from "./validation";

describe("sign-up validation", () => {
  it("normalizes a valid input", () => {
    const out = parseOrThrow(signUpSchema, { email: " Ann@Example.COM ", password: "long-enough-1", name: " Ann ", organizationName: "Acme" });
    expect(out).toEqual({ email: "ann@example.com", password: "long-enough-1", name: "Ann", organizationName: "Acme" });
  });

  it("throws BAD_REQUEST naming every bad field", () => {
    try {
      parseOrThrow(signUpSchema, { email: "nope", password: "short", name: "", organizationName: "A" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.code).toBe("BAD_REQUEST");
      expect(Object.keys((e.details as { fields: Record<string, string> }).fields).sort()).toEqual(["email", "name", "organizationName", "password"]);
    }
  });
});
