"use client";
// Versions of the rule packs the tenant inherits (global, its organization) or owns.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { RuleSourceBadge } from "./rule-source-badge";

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function RuleVersions({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.rules.versions.queryOptions({ tenantId }));
  return (
    <section aria-labelledby="rule-versions-title" className="card overflow-hidden">
      <h2 id="rule-versions-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">Imported pack versions</h2>
      <table className="w-full text-left text-sm" aria-labelledby="rule-versions-title">
        <thead className="text-xs uppercase tracking-wide text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Pack</th>
            <th scope="col" className="px-4 py-2 font-medium">Level</th>
            <th scope="col" className="px-4 py-2 font-medium">Version</th>
            <th scope="col" className="px-4 py-2 font-medium">Rules</th>
            <th scope="col" className="px-4 py-2 font-medium">Failed</th>
            <th scope="col" className="px-4 py-2 font-medium">Imported</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-800">
          {versions.data?.map((v) => (
            <tr key={v.id}>
              <td className="px-4 py-2 font-medium">{v.name}</td>
              <td className="px-4 py-2"><RuleSourceBadge source={v.scope} /></td>
              <td className="px-4 py-2 font-mono text-xs" title={`content ${v.contentHash}`}>v{v.version}</td>
              <td className="px-4 py-2">{v.ruleCount}</td>
              <td className="px-4 py-2" title={v.failed.map((f) => `${f.file}: ${f.reason}`).join("\n")}>{v.failed.length}</td>
              <td className="px-4 py-2 text-slate-400">{dateFmt.format(v.createdAt)}{v.importedBy ? ` by ${v.importedBy}` : ""}</td>
            </tr>
          ))}
          {versions.data?.length === 0 && (
            <tr><td colSpan={6} className="px-4 py-4 text-center text-slate-500">Nothing imported: the built-in Vigil pack is the global level.</td></tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
