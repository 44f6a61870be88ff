import "server-only";
// What every signed-in page needs: the session, the tenants the user can open and the current one.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ApiSession, RouterOutputs } from "@vigil/api";
import { auth } from "@vigil/auth";
import { getCaller } from "~/trpc/server";
import { toApiSession } from "./session";

export const TENANT_COOKIE = "vigil_tenant";

export type TenantOption = RouterOutputs["tenant"]["list"][number];

export interface ConsoleContext {
  session: ApiSession;
  tenants: TenantOption[];
  current: TenantOption | null;
}

export async function requireConsole(): Promise<ConsoleContext> {
  const session = toApiSession(await auth());
  if (!session) redirect("/sign-in");
  const tenants = await (await getCaller()).tenant.list();
  const chosen = (await cookies()).get(TENANT_COOKIE)?.value;
  const current =
    tenants.find((t) => t.id === chosen) ?? tenants.find((t) => t.id === session.user.tenantId) ?? tenants[0] ?? null;
  return { session, tenants, current };
}
