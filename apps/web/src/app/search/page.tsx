import type { Metadata } from "next";
import { Suspense } from "react";
import { AppShell } from "~/components/app-shell";
import { NoTenant } from "~/components/no-tenant";
import { SearchView } from "~/components/search-view";
import { requireConsole } from "~/server/console";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search" };

export default async function SearchPage() {
  const c = await requireConsole();
  return (
    <AppShell console={c} active="/search">
      {c.current ? (
        <Suspense>
          <SearchView key={c.current.id} tenantId={c.current.id} />
        </Suspense>
      ) : (
        <NoTenant />
      )}
    </AppShell>
  );
}
