import { AppShell } from "~/components/app-shell";
import { Dashboard } from "~/components/dashboard";
import { NoTenant } from "~/components/no-tenant";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/">
      {c.current ? (
        <Dashboard key={c.current.id} tenantId={c.current.id} tenantName={c.current.name} canAcknowledge={c.current.role !== "VIEWER"} />
      ) : (
        <NoTenant />
      )}
    </AppShell>
  );
}
