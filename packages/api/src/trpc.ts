// tRPC setup: the request context and the procedure tiers (public -> protected -> tenant).
// Routers never touch the database directly; they call one use case from @vigil/services.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { ServiceDeps, TenantContext } from "@vigil/services";
import type { TemporalClient } from "@vigil/workflows";

type Role = NonNullable<TenantContext["role"]>;
import { assertTenantAccess } from "@vigil/services/tenancy";
import { toTRPCError } from "./errors";

/** What the portal's auth layer puts in a session (kept structural so this package needs no next-auth). */
export interface SessionUser {
  id: string;
  email: string;
  name?: string | null;
  tenantId?: string | null;
}
export interface ApiSession {
  user: SessionUser;
}

/** A lazily created Temporal client; the getter keeps pages that never signal a workflow from connecting. */
export type TemporalClientGetter = () => Promise<TemporalClient>;

export interface ApiDeps extends ServiceDeps {
  temporal?: TemporalClientGetter;
  /** The ingest quota of tenants without an override, as the ingest processes are configured. */
  ingestQuotaDefaults?: { eventsPerSecond: number; bytesPerSecond: number };
}

export interface CreateContextOptions {
  headers: Headers;
  session: ApiSession | null;
  deps: ApiDeps;
}

export function clientIpFrom(headers: Headers): string | undefined {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || undefined;
}

export function createTRPCContext(opts: CreateContextOptions) {
  return { deps: opts.deps, session: opts.session, clientIp: clientIpFrom(opts.headers) };
}
export type TRPCContext = ReturnType<typeof createTRPCContext>;

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      stack: undefined,
      zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
    },
  }),
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Rethrows AppErrors from use cases as TRPCErrors with the mapped code (see errors.ts). */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session?.user?.id) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, session: ctx.session, userId: ctx.session.user.id } });
});

export const tenantInput = z.object({ tenantId: z.uuid().optional() });

/**
 * Scopes a procedure to one tenant: the input's tenantId, else the session's current tenant.
 * Membership is resolved once here; viewers may read but not mutate.
 */
export const tenantProcedure = protectedProcedure.input(tenantInput).use(async ({ ctx, input, type, next }) => {
  const tenantId = input.tenantId ?? ctx.session.user.tenantId;
  if (!tenantId) throw new TRPCError({ code: "BAD_REQUEST", message: "tenantId: no tenant selected" });
  const role = await assertTenantAccess(ctx.deps, ctx.userId, tenantId);
  if (type === "mutation" && role === "VIEWER") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Viewers cannot change anything" });
  }
  const tenant: TenantContext & { role: Role; userId: string } = { tenantId, role, userId: ctx.userId, email: ctx.session.user.email };
  return next({ ctx: { ...ctx, tenant } });
});
