"use client";
// Re-parsing the tenant's rejected records with the current parsers (a parser added or improved
// since they were rejected): the pages run one after the other with a progress bar; what parses is
// stored as events, and detection runs on them within a couple of minutes.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorText } from "~/lib/error-text";
import { useTRPC } from "~/trpc/react";

interface Progress {
  examined: number;
  stored: number;
  alreadyStored: number;
  stillRejected: number;
  remaining: number;
  done: boolean;
}

const n = (v: number) => v.toLocaleString("en-US");

export function ReprocessDeadLetters({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<Progress | undefined>();
  const page = useMutation(trpc.deadLetters.reprocess.mutationOptions());
  const running = progress !== undefined && !progress.done && !page.error;

  async function run() {
    let total: Progress = { examined: 0, stored: 0, alreadyStored: 0, stillRejected: 0, remaining: 0, done: false };
    setProgress(total);
    let after: string | null = null;
    try {
      do {
        const r = await page.mutateAsync({ tenantId, after });
        total = {
          examined: total.examined + r.examined, stored: total.stored + r.stored, alreadyStored: total.alreadyStored + r.alreadyStored,
          stillRejected: total.stillRejected + r.stillRejected, remaining: r.remaining, done: r.next === null,
        };
        setProgress(total);
        after = r.next;
      } while (after);
    } finally {
      // Summary and the (infinite) list alike.
      await queryClient.invalidateQueries(trpc.deadLetters.pathFilter());
    }
  }

  const all = progress ? progress.examined + progress.remaining : 0;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className="btn" disabled={running} onClick={() => void run()}>
        {running ? "Re-parsing…" : "Re-parse with current parsers"}
      </button>
      {progress && !progress.done && !page.error && (
        <div className="flex min-w-48 flex-1 items-center gap-2 text-xs text-slate-400">
          <div
            role="progressbar" aria-label="Re-parsing rejected records" aria-valuemin={0} aria-valuemax={all || 1} aria-valuenow={progress.examined}
            className="h-1.5 flex-1 overflow-hidden rounded bg-slate-800"
          >
            <div className="h-full bg-sky-500 transition-[width]" style={{ width: `${all ? Math.round((100 * progress.examined) / all) : 0}%` }} />
          </div>
          <span>{n(progress.examined)} of {all ? n(all) : "…"}</span>
        </div>
      )}
      {progress?.done && (
        <p role="status" className="w-full text-sm text-slate-300" data-testid="reprocess-result">
          {progress.examined === 0
            ? "Nothing to re-parse: the records left were rejected for their JSON or envelope, which no parser changes."
            : `${n(progress.examined)} re-parsed: ${n(progress.stored)} stored as events (detection runs on them within a few minutes), ` +
              `${n(progress.alreadyStored)} already stored, ${n(progress.stillRejected)} still rejected.`}
        </p>
      )}
      {page.error && <p role="alert" className="w-full text-sm text-red-300">{errorText(page.error)}</p>}
    </div>
  );
}
