import type { Metadata } from "next";
import { AppShell } from "~/components/app-shell";
import { EntityRiskView } from "~/components/entity-risk-view";
import { NoTenant } from "~/components/no-tenant";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Entities" };

export default async function EntitiesPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/entities">
      {c.current ? <EntityRiskView key={c.current.id} tenantId={c.current.id} /> : <NoTenant />}
    </AppShell>
  );
}
