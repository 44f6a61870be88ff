// `Authorization: Splunk <token>` (HEC) or `Bearer <token>` -> the token's tenant.
import type { ServiceDeps } from "@vigil/services";
import { resolveIngestToken } from "@vigil/services/tokens";
import type { Reply } from "./hec-replies";
import { HEC } from "./hec-replies";

export type AuthResult = { ok: true; tenantId: string } | { ok: false; reply: Reply };

const SCHEME = /^(splunk|bearer)\s+(\S+)\s*$/i;

export async function authenticate(services: ServiceDeps, header: string | undefined): Promise<AuthResult> {
  if (header === undefined || header.trim() === "") return { ok: false, reply: HEC.tokenRequired() };
  const m = SCHEME.exec(header);
  if (!m) return { ok: false, reply: HEC.invalidAuthorization() };
  const resolved = await resolveIngestToken(services, m[2] as string);
  return resolved ? { ok: true, tenantId: resolved.tenantId } : { ok: false, reply: HEC.invalidToken() };
}
