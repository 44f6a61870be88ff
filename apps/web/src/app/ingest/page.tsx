import type { Metadata } from "next";
import { AppShell } from "~/components/app-shell";
import { IngestErrors } from "~/components/ingest-errors";
import { IngestQuota } from "~/components/ingest-quota";
import { IngestTokens } from "~/components/ingest-tokens";
import { NoTenant } from "~/components/no-tenant";
import { env } from "~/env";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ingest" };

export default async function IngestPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/ingest">
      {c.current ? (
        <div className="space-y-10">
          <IngestTokens key={c.current.id} tenantId={c.current.id} ingestUrl={env.VIGIL_PUBLIC_INGEST_URL} canCreate={c.current.role !== "VIEWER"} />
          <IngestQuota key={`quota-${c.current.id}`} tenantId={c.current.id} />
          <IngestErrors key={`errors-${c.current.id}`} tenantId={c.current.id} canReprocess={c.current.role !== "VIEWER"} />
        </div>
      ) : (
        <NoTenant />
      )}
    </AppShell>
  );
}
