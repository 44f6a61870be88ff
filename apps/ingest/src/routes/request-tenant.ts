// The tenant an onRequest hook authenticated (and its token's default source type), handed to the
// route handler of the same request.
import type { FastifyRequest } from "fastify";

const grants = new WeakMap<FastifyRequest, { tenantId: string; sourcetype?: string | undefined }>();

export function setRequestTenant(request: FastifyRequest, tenantId: string, sourcetype?: string): void {
  grants.set(request, { tenantId, sourcetype });
}

export function requestTenant(request: FastifyRequest): string {
  const grant = grants.get(request);
  if (grant === undefined) throw new Error("route served without its authentication hook");
  return grant.tenantId;
}

/** The authenticating token's default source type, if it has one. */
export function requestSourcetype(request: FastifyRequest): string | undefined {
  return grants.get(request)?.sourcetype;
}
