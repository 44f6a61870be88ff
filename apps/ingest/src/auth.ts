// `Authorization: Splunk <token>` (HEC) or `Bearer <token>` -> the token's tenant.
import type { LastKnownTokens } from "./tokens";
import type { Reply } from "./hec-replies";
import { HEC } from "./hec-replies";

export type AuthResult = { ok: true; tenantId: string; sourcetype?: string } | { ok: false; reply: Reply };

const SCHEME = /^(splunk|bearer)\s+(\S+)\s*$/i;

export async function authenticate(tokens: LastKnownTokens, header: string | undefined): Promise<AuthResult> {
  if (header === undefined || header.trim() === "") return { ok: false, reply: HEC.tokenRequired() };
  const m = SCHEME.exec(header);
  if (!m) return { ok: false, reply: HEC.invalidAuthorization() };
  const resolved = await tokens.resolve(m[2] as string);
  return resolved ? { ok: true, ...resolved } : { ok: false, reply: HEC.invalidToken() };
}
