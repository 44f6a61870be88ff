"use client";
// Shown only to users with several tenants (MSSP staff); a single-tenant user just sees the name.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { selectTenant } from "~/app/actions";

export function TenantSwitcher({ tenants, currentId }: { tenants: { id: string; name: string }[]; currentId: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const current = tenants.find((t) => t.id === currentId);
  if (tenants.length <= 1) {
    return current ? (
      <span className="rounded-md border border-slate-800 px-2.5 py-1 text-sm text-slate-300">
        <span className="sr-only">Tenant: </span>
        {current.name}
      </span>
    ) : null;
  }
  return (
    <div className="flex items-center gap-2 text-sm text-slate-400">
      <label htmlFor="tenant-switcher">Tenant</label>
      <select
        id="tenant-switcher"
        className="field w-auto py-1"
        value={currentId ?? ""}
        disabled={pending}
        onChange={(e) => {
          const id = e.target.value;
          startTransition(async () => {
            await selectTenant(id);
            router.refresh();
          });
        }}
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
