import { describe, expect, it } from "vitest";
import { InvalidTenantIdError, isUuid, tenantSetting } from "./tenancy";

const A = "6f1c2f4e-8b1a-4c1e-9d2a-0b1c2d3e4f5a";
const B = "0E3B7C1D-2A4F-4B6C-8D9E-1F2A3B4C5D6E";

describe("tenantSetting", () => {
  it("joins, lowercases and de-duplicates tenant ids", () => {
    expect(tenantSetting(A)).toBe(A);
    expect(tenantSetting([A, B, A, B.toLowerCase()])).toBe(`${A},${B.toLowerCase()}`);
    expect(tenantSetting([])).toBe("");
  });

  it("rejects anything that is not a uuid", () => {
    for (const bad of ["", "abc", `${A},${A}`, `${A}' or '1'='1`, " " + A, A + "0"]) {
      expect(() => tenantSetting(bad)).toThrow(InvalidTenantIdError);
    }
    expect(() => tenantSetting([A, 42 as unknown as string])).toThrow(InvalidTenantIdError);
    expect(isUuid(A)).toBe(true);
    expect(isUuid(null)).toBe(false);
  });
});
