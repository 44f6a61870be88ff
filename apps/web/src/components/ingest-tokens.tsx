"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorText } from "~/lib/error-text";
import { useTRPC } from "~/trpc/react";
import { hecCurl } from "~/lib/hec-curl";
import { CurlSnippet, TokenReveal } from "./token-reveal";

const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function IngestTokens({ tenantId, ingestUrl, canCreate }: { tenantId: string; ingestUrl: string; canCreate: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions({ tenantId }));
  const formats = useQuery(trpc.tokens.formats.queryOptions(undefined, { staleTime: Infinity }));
  const [name, setName] = useState("");
  const [sourcetype, setSourcetype] = useState("");
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: async () => {
        setName("");
        setSourcetype("");
        await queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
    }),
  );

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Ingest</h1>
        <p className="text-sm text-slate-400">
          Point log shippers at <code className="font-mono text-slate-200">{ingestUrl}</code> with an ingest token (Splunk HEC compatible).
        </p>
      </div>

      {create.data && <TokenReveal token={create.data.plaintext} ingestUrl={ingestUrl} title={`New token “${create.data.token.name}”`} />}

      {canCreate && (
        <form
          className="card flex flex-wrap items-end gap-3 p-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ tenantId, name, kind: "INGEST", ...(sourcetype.trim() ? { sourcetype: sourcetype.trim() } : {}) });
          }}
        >
          <div className="min-w-56 flex-1">
            <label htmlFor="token-name" className="label">Token name</label>
            <input id="token-name" className="field" required maxLength={80} placeholder="e.g. firewall-syslog" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="min-w-56 flex-1">
            <label htmlFor="token-sourcetype" className="label">Source type (optional)</label>
            <input
              id="token-sourcetype" className="field" maxLength={100} list="token-formats" placeholder="detected per record"
              aria-describedby="token-sourcetype-hint" value={sourcetype} onChange={(e) => setSourcetype(e.target.value)}
            />
            <datalist id="token-formats">
              {formats.data?.map((f) => <option key={f.id} value={f.id}>{f.description}</option>)}
            </datalist>
          </div>
          <p id="token-sourcetype-hint" className="w-full text-xs text-slate-500">
            Events sent with the token that name no source type get this one; a Vigil format (cef, linux-auth, auditd, ...) also
            fixes how HEC raw lines are parsed, for shippers that cannot add <code className="font-mono">?sourcetype=</code>.
          </p>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </button>
          {create.error && <p role="alert" className="w-full text-sm text-red-300">{errorText(create.error)}</p>}
        </form>
      )}

      <section aria-labelledby="tokens-title" className="card overflow-hidden">
        <h2 id="tokens-title" className="border-b border-slate-800 px-4 py-3 text-sm font-semibold text-slate-200">Tokens</h2>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-labelledby="tokens-title">
            <thead className="text-xs uppercase tracking-wide text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Prefix</th>
                <th scope="col" className="px-4 py-2 font-medium">Kind</th>
                <th scope="col" className="px-4 py-2 font-medium">Source type</th>
                <th scope="col" className="px-4 py-2 font-medium">Created</th>
                <th scope="col" className="px-4 py-2 font-medium">Last used</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-800">
              {tokens.data?.map((t) => (
                <tr key={t.id} className={t.revokedAt ? "text-slate-500 line-through" : undefined}>
                  <td className="px-4 py-2.5 font-medium">{t.name}</td>
                  <td className="px-4 py-2.5 font-mono text-xs text-slate-300">{t.prefix}…</td>
                  <td className="px-4 py-2.5 text-xs">{t.kind.toLowerCase()}</td>
                  <td className="px-4 py-2.5 font-mono text-xs text-slate-300">{t.sourcetype ?? <span className="font-sans text-slate-500">none</span>}</td>
                  <td className="px-4 py-2.5 text-slate-400">{dateFmt.format(t.createdAt)}</td>
                  <td className="px-4 py-2.5 text-slate-400">{t.lastUsedAt ? dateFmt.format(t.lastUsedAt) : "never"}</td>
                </tr>
              ))}
              {tokens.data?.length === 0 && (
                <tr><td colSpan={6} className="px-4 py-6 text-center text-slate-500">No tokens yet.</td></tr>
              )}
            </tbody>
          </table>
        </div>
        {tokens.error && <p role="alert" className="px-4 py-3 text-sm text-red-300">{tokens.error.message}</p>}
      </section>

      {!create.data && (
        <section className="card p-4" aria-label="Example">
          <p className="text-sm text-slate-400">Replace <code className="font-mono">&lt;token&gt;</code> with a token (shown once, when created).</p>
          <CurlSnippet curl={hecCurl(ingestUrl, "<token>")} />
        </section>
      )}
    </div>
  );
}
