import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateToken, hashToken, looksLikeToken, tokenSecretFrom } from "./secret";

describe("ingest token secrets", () => {
  it("is vgl_ + 32 random bytes in base64url, with an 8-character prefix", () => {
    const t = generateToken();
    expect(t.plaintext).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t.plaintext.slice(4), "base64url")).toHaveLength(32);
    expect(t.prefix).toBe(t.plaintext.slice(0, 8));
    expect(t.prefix).toHaveLength(8);
    expect(generateToken().plaintext).not.toBe(t.plaintext);
  });

  it("stores the SHA-256 hex of the plaintext", () => {
    const t = generateToken();
    expect(t.hash).toBe(createHash("sha256").update(t.plaintext).digest("hex"));
    expect(hashToken(t.plaintext)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenSecretFrom(t.plaintext)).toEqual(t);
  });

  it("recognizes the token shape before any lookup", () => {
    expect(looksLikeToken(generateToken().plaintext)).toBe(true);
    expect(looksLikeToken("vgl_short")).toBe(false);
    expect(looksLikeToken("Splunk 1234-5678")).toBe(false);
    expect(looksLikeToken(`vgl_${"a".repeat(30)}' or 1=1`)).toBe(false);
  });
});
