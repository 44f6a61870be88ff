"use client";
// The /rules page: the tenant's effective rules with the level each setting comes from, and
// (for admins) enable/disable and level overrides at the tenant's or the organization's level.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@vigil/api";
import { useMemo, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { RuleImport } from "./rule-import";
import { RuleLists } from "./rule-lists";
import { RuleSourceBadge } from "./rule-source-badge";
import { RuleVersions } from "./rule-versions";

type Rule = RouterOutputs["rules"]["list"]["rules"][number];
type Scope = "TENANT" | "ORGANIZATION";
const LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
type Level = (typeof LEVELS)[number];

export function RuleManager({ tenantId, tenantName, canManage }: { tenantId: string; tenantName: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.rules.list.queryOptions({ tenantId }));
  const [scope, setScope] = useState<Scope>("TENANT");
  const [filter, setFilter] = useState("");
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.rules.lists.queryKey() });
  };
  const setEnabled = useMutation(trpc.rules.setEnabled.mutationOptions({ onSuccess: refresh }));
  const override = useMutation(trpc.rules.override.mutationOptions({ onSuccess: refresh }));
  const error = setEnabled.error ?? override.error;

  const rules = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const all = [...(list.data?.rules ?? [])].sort((a, b) => a.title.localeCompare(b.title));
    return q ? all.filter((r) => `${r.title} ${r.ruleId} ${r.pack}`.toLowerCase().includes(q)) : all;
  }, [list.data, filter]);
  const enabledCount = list.data?.rules.filter((r) => r.enabled.value).length ?? 0;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Rules</h1>
          <p className="text-sm text-slate-400">
            Effective detection rules of {tenantName}: global, then the organization, then the tenant. {list.data && `${enabledCount} of ${list.data.rules.length} enabled.`}
          </p>
        </div>
        {canManage && (
          <fieldset className="flex items-center gap-2 text-sm">
            <legend className="sr-only">Apply changes at</legend>
            <span className="text-slate-400">Apply changes to</span>
            {(["TENANT", "ORGANIZATION"] as const).map((s) => (
              <label key={s} className={`cursor-pointer rounded-md border px-2.5 py-1 ${scope === s ? "border-brand-500 bg-slate-800 text-white" : "border-slate-700 text-slate-300"}`}>
                <input type="radio" name="rule-scope" className="sr-only" checked={scope === s} onChange={() => setScope(s)} />
                {s === "TENANT" ? "this tenant" : "all tenants of the organization"}
              </label>
            ))}
          </fieldset>
        )}
      </div>

      {list.data && list.data.problems.length > 0 && (
        <div role="alert" className="card border-amber-500/40 p-3 text-sm text-amber-200">
          {list.data.problems.length} rules of this set do not compile together and are left out:
          <ul className="mt-1 list-disc pl-5 text-xs">{list.data.problems.slice(0, 5).map((p) => <li key={p.file}><span className="font-mono">{p.file}</span>: {p.reason}</li>)}</ul>
        </div>
      )}
      {error && <p role="alert" className="text-sm text-red-300">{error.message}</p>}

      <section aria-labelledby="rules-title" className="card overflow-hidden">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-800 px-4 py-3">
          <h2 id="rules-title" className="text-sm font-semibold text-slate-200">Effective rules</h2>
          <input aria-label="Filter rules" className="field max-w-xs py-1.5" placeholder="Filter by title, id or pack" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-labelledby="rules-title">
            <thead className="text-xs uppercase tracking-wide text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Rule</th>
                <th scope="col" className="px-4 py-2 font-medium">Defined at</th>
                <th scope="col" className="px-4 py-2 font-medium">Level</th>
                <th scope="col" className="px-4 py-2 font-medium">Enabled</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-800">
              {rules.map((r) => (
                <RuleRow
                  key={r.ruleId} rule={r} silenced={list.data?.silenced.includes(r.ruleId) ?? false} canManage={canManage} busy={setEnabled.isPending || override.isPending}
                  onToggle={(enabled) => setEnabled.mutate({ tenantId, scope, ruleId: r.ruleId, enabled })}
                  onInherit={() => setEnabled.mutate({ tenantId, scope, ruleId: r.ruleId, enabled: null })}
                  onLevel={(level) => override.mutate({ tenantId, scope, ruleId: r.ruleId, level })}
                  scope={scope}
                />
              ))}
              {list.isLoading && <tr><td colSpan={4} className="px-4 py-6 text-center text-slate-500">Loading…</td></tr>}
              {list.data && rules.length === 0 && <tr><td colSpan={4} className="px-4 py-6 text-center text-slate-500">No rule matches.</td></tr>}
            </tbody>
          </table>
        </div>
      </section>

      <RuleLists tenantId={tenantId} canManage={canManage} scope={scope} />
      {canManage && <RuleImport tenantId={tenantId} scope={scope} />}
      <RuleVersions tenantId={tenantId} />
    </div>
  );
}

function RuleRow({ rule: r, silenced, canManage, busy, scope, onToggle, onInherit, onLevel }: {
  rule: Rule; silenced: boolean; canManage: boolean; busy: boolean; scope: Scope;
  onToggle: (enabled: boolean) => void; onInherit: () => void; onLevel: (level: Level | null) => void;
}) {
  const on = r.enabled.value;
  return (
    <tr className={on ? undefined : "text-slate-500"}>
      <td className="px-4 py-2.5">
        <div className="font-medium">{r.title}</div>
        <div className="font-mono text-[11px] text-slate-500">{r.kind} · {r.ruleId}{r.exceptions.length > 0 && ` · ${r.exceptions.length} exception(s)`}</div>
      </td>
      <td className="px-4 py-2.5 whitespace-nowrap">
        <RuleSourceBadge source={r.definedAt} title={`defined by pack ${r.pack}`} /> <span className="text-xs text-slate-400">{r.pack}{r.packVersion > 0 ? ` v${r.packVersion}` : ""}</span>
      </td>
      <td className="px-4 py-2.5 whitespace-nowrap">
        {canManage && r.kind !== "filter" ? (
          <select
            aria-label={`Level of ${r.title}`} className="rounded border border-slate-700 bg-slate-950 px-1.5 py-0.5 text-xs" disabled={busy}
            value={r.level.value ?? ""} onChange={(e) => onLevel(e.target.value === "" ? null : (e.target.value as Level))}
          >
            {r.level.value === null && <option value="">—</option>}
            {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        ) : (
          <span className="text-xs">{r.level.value ?? "—"}</span>
        )}{" "}
        <RuleSourceBadge source={r.level.from} />
      </td>
      <td className="px-4 py-2.5 whitespace-nowrap">
        <button
          type="button" role="switch" aria-checked={on} aria-label={`${on ? "Disable" : "Enable"} ${r.title}`} disabled={!canManage || busy}
          onClick={() => onToggle(!on)}
          className={`relative inline-flex h-5 w-9 items-center rounded-full transition-colors disabled:opacity-60 ${on ? "bg-brand-600" : "bg-slate-700"}`}
        >
          <span className={`inline-block h-4 w-4 rounded-full bg-white transition-transform ${on ? "translate-x-4" : "translate-x-0.5"}`} />
        </button>{" "}
        <RuleSourceBadge source={r.enabled.from} />
        {canManage && r.enabled.from === scope && (
          <button type="button" className="ml-2 text-xs text-slate-400 underline hover:text-slate-200" disabled={busy} onClick={onInherit}>inherit</button>
        )}
        {silenced && <div className="mt-1 text-[11px] text-slate-500">no alerts; still feeds its correlations</div>}
      </td>
    </tr>
  );
}
