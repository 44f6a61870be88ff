import "server-only";
// Dependencies of the tRPC context: the database pool shared with next-auth, a lazy Temporal client,
// and the ingest quota defaults (the same settings the ingest processes read).
import { lazyTemporalClient, type ApiDeps } from "@vigil/api";
import { getServiceDeps } from "@vigil/auth";
import { readEnv } from "@vigil/env";

const quota = readEnv("tenantQuota");

export function apiDeps(): ApiDeps {
  return {
    ...getServiceDeps(), temporal: lazyTemporalClient,
    ingestQuotaDefaults: { eventsPerSecond: quota.VIGIL_TENANT_EVENTS_PER_SEC, bytesPerSecond: quota.VIGIL_TENANT_BYTES_PER_SEC },
  };
}
