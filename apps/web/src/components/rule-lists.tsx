"use client";
// Named lists of the tenant: the values of the `%Name%` placeholders its rules use with `|expand`
// (domain controllers, administrators, approved countries, ...). A rule whose list is empty runs
// with that part matching nothing; the page shows which lists the rules wait for.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@vigil/api";
import { useState } from "react";
import { errorText } from "~/lib/error-text";
import { useTRPC } from "~/trpc/react";
import { RuleSourceBadge } from "./rule-source-badge";

type View = RouterOutputs["rules"]["lists"];
type Scope = "TENANT" | "ORGANIZATION";
const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });


export function RuleLists({ tenantId, canManage, scope }: { tenantId: string; canManage: boolean; scope: Scope }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const view = useQuery(trpc.rules.lists.queryOptions({ tenantId }));
  const [name, setName] = useState("");
  const [values, setValues] = useState("");
  const [description, setDescription] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.rules.lists.queryKey() });
  const save = useMutation(trpc.rules.setList.mutationOptions({ onSuccess: async () => { setName(""); setValues(""); setDescription(""); await refresh(); } }));
  const remove = useMutation(trpc.rules.deleteList.mutationOptions({ onSuccess: refresh }));
  const error = save.error ?? remove.error;

  const edit = (list: View["lists"][number] | { name: string; values: string[]; description: string }) => {
    setName(list.name);
    setValues(list.values.join("\n"));
    setDescription(list.description);
  };
  const waiting = view.data?.used.filter((u) => !u.filled) ?? [];

  return (
    <section aria-labelledby="rule-lists-title" className="card overflow-hidden">
      <div className="border-b border-slate-800 px-4 py-3">
        <h2 id="rule-lists-title" className="text-sm font-semibold text-slate-200">Named lists</h2>
        <p className="text-xs text-slate-400">
          Values of the <span className="font-mono">%Name%</span> placeholders rules use (Sigma <span className="font-mono">|expand</span>): one value per line, <span className="font-mono">*</span> and <span className="font-mono">?</span> are wildcards. Until a list has values, that part of its rules matches nothing.
        </p>
      </div>
      {waiting.length > 0 && (
        <div role="status" className="border-b border-slate-800 bg-amber-500/10 px-4 py-2 text-sm text-amber-200">
          {waiting.length} {waiting.length === 1 ? "list is" : "lists are"} used by rules but empty:{" "}
          {waiting.map((u, i) => (
            <span key={u.name}>
              {i > 0 && ", "}
              {canManage ? (
                <button type="button" className="font-mono underline" onClick={() => edit({ name: u.name, values: [], description: "" })} title={u.rules.map((r) => r.title).join("\n")}>%{u.name}%</button>
              ) : (
                <span className="font-mono" title={u.rules.map((r) => r.title).join("\n")}>%{u.name}%</span>
              )}{" "}
              <span className="text-amber-300/70">({u.rules.length} {u.rules.length === 1 ? "rule" : "rules"})</span>
            </span>
          ))}
        </div>
      )}
      <table className="w-full text-left text-sm" aria-labelledby="rule-lists-title">
        <thead className="text-xs uppercase tracking-wide text-slate-400">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">List</th>
            <th scope="col" className="px-4 py-2 font-medium">Level</th>
            <th scope="col" className="px-4 py-2 font-medium">Values</th>
            <th scope="col" className="px-4 py-2 font-medium">Used by</th>
            <th scope="col" className="px-4 py-2 font-medium">Updated</th>
            {canManage && <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-800">
          {view.data?.lists.map((l) => {
            const users = view.data.used.find((u) => u.name === l.name)?.rules ?? [];
            return (
              <tr key={`${l.scope}:${l.name}`} className={l.overridden ? "text-slate-500" : undefined}>
                <td className="px-4 py-2"><div className="font-mono font-medium">%{l.name}%</div>{l.description && <div className="text-xs text-slate-400">{l.description}</div>}</td>
                <td className="px-4 py-2 whitespace-nowrap"><RuleSourceBadge source={l.scope} />{l.overridden && <div className="mt-1 text-[11px]">replaced by this tenant&apos;s list</div>}</td>
                <td className="px-4 py-2 font-mono text-xs" title={l.values.join("\n")}>{l.values.slice(0, 4).join(", ")}{l.values.length > 4 ? `, … (${l.values.length})` : ""}</td>
                <td className="px-4 py-2 text-xs" title={users.map((r) => r.title).join("\n")}>{users.length === 0 ? <span className="text-slate-500">no rule</span> : `${users.length} ${users.length === 1 ? "rule" : "rules"}`}</td>
                <td className="px-4 py-2 text-xs text-slate-400">{dateFmt.format(l.updatedAt)}{l.updatedBy ? ` by ${l.updatedBy}` : ""}</td>
                {canManage && (
                  <td className="px-4 py-2 text-right whitespace-nowrap">
                    <button type="button" className="text-xs text-slate-300 underline hover:text-white" onClick={() => edit(l)} aria-label={`Edit ${l.name}`}>edit</button>{" "}
                    <button type="button" className="ml-2 text-xs text-red-300 underline hover:text-red-200" disabled={remove.isPending} onClick={() => remove.mutate({ tenantId, scope: l.scope, name: l.name })} aria-label={`Delete ${l.name} (${l.scope.toLowerCase()})`}>delete</button>
                  </td>
                )}
              </tr>
            );
          })}
          {view.data?.lists.length === 0 && (
            <tr><td colSpan={canManage ? 6 : 5} className="px-4 py-4 text-center text-slate-500">No lists yet.</td></tr>
          )}
        </tbody>
      </table>
      {canManage && (
        <form
          className="space-y-2 border-t border-slate-800 p-4"
          aria-label="Save a named list"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ tenantId, scope, name: name.trim(), values: values.split("\n"), description });
          }}
        >
          <div className="flex flex-wrap gap-3">
            <label className="min-w-48 flex-1 text-xs text-slate-400">
              List name
              <input className="mt-1 w-full rounded border border-slate-700 bg-slate-950 px-2 py-1 font-mono text-sm text-slate-100" value={name} onChange={(e) => setName(e.target.value)} placeholder="DomainControllers" required />
            </label>
            <label className="min-w-48 flex-[2] text-xs text-slate-400">
              Description
              <input className="mt-1 w-full rounded border border-slate-700 bg-slate-950 px-2 py-1 text-sm text-slate-100" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="What belongs in it" />
            </label>
          </div>
          <label className="block text-xs text-slate-400">
            Values (one per line)
            <textarea className="mt-1 h-24 w-full rounded border border-slate-700 bg-slate-950 px-2 py-1 font-mono text-sm text-slate-100" value={values} onChange={(e) => setValues(e.target.value)} placeholder={"dc01.corp.example\ndc0*"} />
          </label>
          <div className="flex items-center gap-3">
            <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-500 disabled:opacity-60" disabled={save.isPending || name.trim() === ""}>Save list</button>
            <span className="text-xs text-slate-400">for {scope === "TENANT" ? "this tenant" : "every tenant of the organization"}</span>
            {save.isSuccess && <span role="status" className="text-xs text-emerald-300">Saved: the tenant&apos;s rules pick it up within seconds.</span>}
            {error && <span role="alert" className="text-xs text-red-300">{errorText(error)}</span>}
          </div>
        </form>
      )}
    </section>
  );
}
