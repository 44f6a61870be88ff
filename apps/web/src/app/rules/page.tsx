import type { Metadata } from "next";
import { AppShell } from "~/components/app-shell";
import { NoTenant } from "~/components/no-tenant";
import { RuleManager } from "~/components/rule-manager";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Rules" };

export default async function RulesPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/rules">
      {c.current ? (
        <RuleManager key={c.current.id} tenantId={c.current.id} tenantName={c.current.name} canManage={c.current.role === "ADMIN" || c.current.role === "OWNER"} />
      ) : (
        <NoTenant />
      )}
    </AppShell>
  );
}
