import type { Metadata } from "next";
import { AlertTriage } from "~/components/alert-triage";
import { AppShell } from "~/components/app-shell";
import { NoTenant } from "~/components/no-tenant";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/alerts">
      {c.current ? <AlertTriage key={c.current.id} tenantId={c.current.id} canTriage={c.current.role !== "VIEWER"} /> : <NoTenant />}
    </AppShell>
  );
}
