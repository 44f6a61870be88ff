// The tenant an onRequest hook authenticated, handed to the route handler of the same request.
import type { FastifyRequest } from "fastify";

const tenants = new WeakMap<FastifyRequest, string>();

export function setRequestTenant(request: FastifyRequest, tenantId: string): void {
  tenants.set(request, tenantId);
}

export function requestTenant(request: FastifyRequest): string {
  const tenantId = tenants.get(request);
  if (tenantId === undefined) throw new Error("route served without its authentication hook");
  return tenantId;
}
