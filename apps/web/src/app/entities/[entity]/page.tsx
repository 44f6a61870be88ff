import type { Metadata } from "next";
import { AppShell } from "~/components/app-shell";
import { EntityDetail } from "~/components/entity-detail";
import { NoTenant } from "~/components/no-tenant";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Entity" };

export default async function EntityPage({ params }: { params: Promise<{ entity: string }> }) {
  const c = await requireConsole();
  const { entity } = await params;
  let decoded = entity;
  try {
    decoded = decodeURIComponent(entity);
  } catch {
    // A malformed escape: the API answers the raw value with a clear "bad entity" error.
  }
  return (
    <AppShell console={c} active="/entities">
      {c.current ? <EntityDetail key={`${c.current.id}:${decoded}`} tenantId={c.current.id} entity={decoded} /> : <NoTenant />}
    </AppShell>
  );
}
