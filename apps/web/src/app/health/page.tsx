import type { Metadata } from "next";
import { AlertHealthView } from "~/components/alert-health-view";
import { AppShell } from "~/components/app-shell";
import { NoTenant } from "~/components/no-tenant";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Detection health" };

export default async function HealthPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/health">
      {c.current ? <AlertHealthView key={c.current.id} tenantId={c.current.id} /> : <NoTenant />}
    </AppShell>
  );
}
