"use client";
// Imports a rule pack: a .zip (sent as base64, read on the server) or several .yml files.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@vigil/api";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";

type Scope = "TENANT" | "ORGANIZATION";
type Result = RouterOutputs["rules"]["import"];

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function RuleImport({ tenantId, scope }: { tenantId: string; scope: Scope }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [readError, setReadError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const importPack = useMutation(
    trpc.rules.import.mutationOptions({
      onSuccess: async (r) => {
        setResult(r);
        await queryClient.invalidateQueries({ queryKey: trpc.rules.list.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.rules.versions.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.rules.lists.queryKey() });
      },
    }),
  );

  async function submit(): Promise<void> {
    setReadError(null);
    setResult(null);
    const zip = files.find((f) => /\.zip$/i.test(f.name));
    try {
      if (zip) importPack.mutate({ tenantId, scope, name, zipBase64: await toBase64(zip) });
      else importPack.mutate({ tenantId, scope, name, files: await Promise.all(files.map(async (f) => ({ path: f.name, yaml: await f.text() }))) });
    } catch (error) {
      setReadError(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <form
      className="card space-y-3 p-4"
      aria-labelledby="rule-import-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="rule-import-title" className="text-sm font-semibold text-slate-200">
        Import a Sigma rule pack <span className="font-normal text-slate-400">({scope === "TENANT" ? "this tenant" : "every tenant of the organization"})</span>
      </h2>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <label htmlFor="rule-pack-name" className="label">Pack name</label>
          <input id="rule-pack-name" className="field" required maxLength={64} pattern="[a-z0-9][a-z0-9._\-]*" placeholder="e.g. soc-baseline" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="min-w-64 flex-1">
          <label htmlFor="rule-pack-files" className="label">A .zip or .yml files</label>
          <input id="rule-pack-files" className="field" type="file" required multiple accept=".zip,.yml,.yaml" onChange={(e) => setFiles([...(e.target.files ?? [])])} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={importPack.isPending || files.length === 0}>
          {importPack.isPending ? "Importing…" : "Import"}
        </button>
      </div>
      {(importPack.error ?? readError) && <p role="alert" className="text-sm text-red-300">{importPack.error?.message ?? readError}</p>}
      {result && (
        <div role="status" className="text-sm text-slate-300">
          <p>
            Pack “{result.pack.name}” v{result.pack.version}: {result.unchanged ? "unchanged (same content as the active version)" : `${result.imported} rules imported`}
            {result.failed.length > 0 && `, ${result.failed.length} failed`}.
          </p>
          {result.failed.length > 0 && (
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-amber-300">
              {result.failed.map((f) => <li key={f.file}><span className="font-mono">{f.file}</span>: {f.reason}</li>)}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
