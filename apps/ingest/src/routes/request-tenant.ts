// The tenant an onRequest hook authenticated (and its token's default source type), handed to the
// route handler of the same request.
import type { FastifyRequest } from "fastify";

const tenants = new WeakMap<FastifyRequest, string>();
const sourcetypes = new WeakMap<FastifyRequest, string>();

export function setRequestSourcetype(request: FastifyRequest, sourcetype: string | undefined): void {
  if (sourcetype !== undefined) sourcetypes.set(request, sourcetype);
}

/** The authenticating token's default source type, if it has one. */
export function requestSourcetype(request: FastifyRequest): string | undefined {
  return sourcetypes.get(request);
}

export function setRequestTenant(request: FastifyRequest, tenantId: string): void {
  tenants.set(request, tenantId);
}

export function requestTenant(request: FastifyRequest): string {
  const tenantId = tenants.get(request);
  if (tenantId === undefined) throw new Error("route served without its authentication hook");
  return tenantId;
}
