import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

describe("scrypt password hashing", () => {
  it("produces scrypt$N$r$p$salt$hash with a fresh salt each time", async () => {
    const one = await hashPassword("correct horse battery");
    const two = await hashPassword("correct horse battery");
    expect(one).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(one).not.toBe(two);
  });

  it("verifies the right password and rejects a wrong one", async () => {
    const stored = await hashPassword("vigil-demo-2026");
    expect(await verifyPassword("vigil-demo-2026", stored)).toBe(true);
    expect(await verifyPassword("vigil-demo-2025", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("treats unicode equivalents alike (NFKC)", async () => {
    const stored = await hashPassword("caf\u00e9-password");
    expect(await verifyPassword("cafe\u0301-password", stored)).toBe(true);
  });

  it("returns false for malformed or hostile stored hashes instead of throwing", async () => {
    const stored = await hashPassword("abcdefghij");
    const parts = stored.split("$");
    for (const bad of ["", "plain", "bcrypt$x", stored.replace("scrypt", "md5"), [...parts.slice(0, 1), "99999999", ...parts.slice(2)].join("$"), parts.slice(0, 5).join("$") + "$"]) {
      expect(await verifyPassword("abcdefghij", bad)).toBe(false);
    }
  });
});
