import "server-only";
// Dependencies of the tRPC context: the database pool shared with next-auth and a lazy Temporal client.
import { lazyTemporalClient, type ApiDeps } from "@vigil/api";
import { getServiceDeps } from "@vigil/auth";

export function apiDeps(): ApiDeps {
  return { ...getServiceDeps(), temporal: lazyTemporalClient };
}
