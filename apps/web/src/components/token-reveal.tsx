// A freshly created token, shown exactly once, with the command that sends a first event with it.
import { hecCurl } from "~/lib/hec-curl";
import { CopyButton } from "./copy-button";

export function TokenReveal({ token, ingestUrl, title = "Your ingest token" }: { token: string; ingestUrl: string; title?: string }) {
  const curl = hecCurl(ingestUrl, token);
  return (
    <section aria-label="Newly created token" className="card border-emerald-700/60 p-5">
      <h2 className="text-base font-semibold text-emerald-300">{title}</h2>
      <p className="mt-1 text-sm text-slate-400">Copy it now: it is stored only as a hash and will not be shown again.</p>
      <div className="mt-3 flex items-center gap-2">
        <code data-testid="ingest-token" aria-label="Ingest token" className="min-w-0 flex-1 break-all rounded-md bg-slate-950 px-3 py-2 font-mono text-sm text-emerald-200 ring-1 ring-slate-800">
          {token}
        </code>
        <CopyButton text={token} label="Copy token" />
      </div>
      <CurlSnippet curl={curl} />
    </section>
  );
}

export function CurlSnippet({ curl }: { curl: string }) {
  return (
    <div className="mt-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-300">Send a test event (Splunk HEC)</h3>
        <CopyButton text={curl} label="Copy command" />
      </div>
      <pre aria-label="curl command" className="whitespace-pre-wrap wrap-anywhere rounded-md bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-300 ring-1 ring-slate-800">
        {curl}
      </pre>
    </div>
  );
}
