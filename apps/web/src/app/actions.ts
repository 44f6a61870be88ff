"use server";
import { cookies } from "next/headers";
import { z } from "zod";
import { signOut } from "@vigil/auth";
import { TENANT_COOKIE } from "~/server/console";

/** Remembers the tenant picked in the switcher; pages validate it against the user's tenants. */
export async function selectTenant(tenantId: string): Promise<void> {
  const id = z.uuid().parse(tenantId);
  (await cookies()).set(TENANT_COOKIE, id, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 30 });
}

export async function signOutAction(): Promise<void> {
  (await cookies()).delete(TENANT_COOKIE);
  await signOut({ redirectTo: "/sign-in" });
}
