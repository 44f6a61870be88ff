export { createDb, withClientTransaction } from "./client";
export type { CreateDbOptions, Db, Tx, TxOptions } from "./client";
export { ensureEventPartitions } from "./partitions";
export { APP_ROLE, InvalidTenantIdError, isUuid, tenantSetting } from "./tenancy";
// Generated client: PrismaClient, Prisma namespace, enums (Role, Severity, ...) and model types.
export * from "./generated/prisma/client";
