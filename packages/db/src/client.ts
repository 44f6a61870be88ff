// The database handle: Prisma (via adapter-pg) and the raw pg pool share one pool of connections.
// Every query runs inside a transaction that first switches to role vigil_app and sets the tenant(s),
// so row-level security holds even when the connection itself is a superuser.
import { PrismaPg } from "@prisma/adapter-pg";
import { readEnv } from "@vigil/env";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import type { Prisma } from "./generated/prisma/client";
import { APP_ROLE, CONTEXT_SQL, tenantSetting } from "./tenancy";

export type Tx = Prisma.TransactionClient;

export interface TxOptions {
  /** Milliseconds before Prisma aborts the transaction (default 30s). */
  timeout?: number;
  /** Milliseconds to wait for a connection (default 10s). */
  maxWait?: number;
}

export interface Db {
  /** Do not query directly outside @vigil/db: use the helpers. */
  prisma: PrismaClient;
  /** Raw SQL hot path (events). */
  pool: pg.Pool;
  /** One transaction as role vigil_app with app.tenant_ids = the given tenant(s). RLS applies. */
  withTenant<T>(tenantIds: string | readonly string[], fn: (tx: Tx) => Promise<T>, opts?: TxOptions): Promise<T>;
  /** Same, but a raw pg client inside BEGIN..COMMIT (for batched INSERT / COPY of events). */
  withTenantClient<T>(tenantIds: string | readonly string[], fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Identity tables only (users, organizations, memberships) + SECURITY DEFINER functions; no tenant set. */
  withSystem<T>(fn: (tx: Tx) => Promise<T>, opts?: TxOptions): Promise<T>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** Defaults to readEnv("database").DATABASE_URL. */
  url?: string;
  /** Pool size (default 10). */
  max?: number;
  /**
   * Runs on each new connection before its first use (the pool waits for it). It should not throw:
   * a failure fails the caller's connect.
   */
  onConnect?: (client: pg.ClientBase) => Promise<void>;
}

/**
 * One transaction on a raw pooled connection (BEGIN ... COMMIT, ROLLBACK on error). A connection
 * whose ROLLBACK failed is released as broken, so the pool never hands it out again.
 */
export async function withClientTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

export function createDb(opts: CreateDbOptions = {}): Db {
  const url = opts.url ?? readEnv("database").DATABASE_URL;
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, ...(opts.onConnect ? { onConnect: opts.onConnect } : {}) });
  pool.on("error", () => undefined); // an idle client died: the pool replaces it
  // pg-pool listens for errors on idle clients only: a connection PostgreSQL cuts while a client is
  // checked out (a restart, an outage) would emit an unhandled 'error' and kill the process. The
  // client's next query fails instead, and its transaction releases it as broken.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;

  async function inTx<T>(setting: string, fn: (tx: Tx) => Promise<T>, txOpts?: TxOptions): Promise<T> {
    return prisma.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(CONTEXT_SQL, APP_ROLE, setting);
        return fn(tx);
      },
      { timeout: txOpts?.timeout ?? 30_000, maxWait: txOpts?.maxWait ?? 10_000 },
    );
  }

  return {
    prisma,
    pool,
    withTenant: async (tenantIds, fn, txOpts) => inTx(tenantSetting(tenantIds), fn, txOpts),
    withSystem: async (fn, txOpts) => inTx("", fn, txOpts),
    async withTenantClient(tenantIds, fn) {
      const setting = tenantSetting(tenantIds);
      return withClientTransaction(pool, async (client) => {
        await client.query(CONTEXT_SQL, [APP_ROLE, setting]);
        return fn(client);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
