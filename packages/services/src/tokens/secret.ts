// Token material: `vgl_` + 32 random bytes (base64url). Only the SHA-256 hex digest is stored,
// with an 8-character prefix for display.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "vgl_";
const TOKEN_SHAPE = /^vgl_[A-Za-z0-9_-]{20,200}$/;

export interface TokenSecret {
  plaintext: string;
  hash: string;
  prefix: string;
}

export function hashToken(plaintext: string): string {
  return createHash("sha256").update(plaintext, "utf8").digest("hex");
}

/** True when the string has the shape of a Vigil token (cheap check before any database lookup). */
export function looksLikeToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function tokenSecretFrom(plaintext: string): TokenSecret {
  return { plaintext, hash: hashToken(plaintext), prefix: plaintext.slice(0, 8) };
}

export function generateToken(): TokenSecret {
  return tokenSecretFrom(TOKEN_PREFIX + randomBytes(32).toString("base64url"));
}
