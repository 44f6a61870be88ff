"use client";
// The search page: the query and range live in the URL (shareable, back button works); the
// window is fixed when a search runs, so "load more" pages through the same result set.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useRef, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { SearchError } from "./search-error";
import { SearchHistogram } from "./search-histogram";
import { SearchResults } from "./search-results";
import { RANGES, rangeId, windowFor } from "./search-time";
import type { RangeId } from "./search-time";

const PAGE = 50;
const EXAMPLE = "user.name:alice AND event.outcome:failure";

export function SearchView({ tenantId }: { tenantId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = params.get("q") ?? "";
  const range = rangeId(params.get("range"));
  // Uncontrolled, keyed on the URL's query: back/forward (each search is a history entry) shows its own query.
  const box = useRef<HTMLInputElement>(null);
  const [ranAt, setRanAt] = useState(() => Date.now());
  const { from, to } = windowFor(range, ranAt);

  const run = (q: string, r: RangeId) => {
    setRanAt(Date.now());
    const next = new URLSearchParams({ q, range: r });
    router.push(`${pathname}?${next.toString()}`, { scroll: false });
  };

  const input = { tenantId, query, from, to };
  const histogram = useQuery(trpc.search.histogram.queryOptions({ ...input, buckets: 60 }, { retry: false }));
  const events = useInfiniteQuery(
    trpc.search.events.infiniteQueryOptions({ ...input, limit: PAGE }, { getNextPageParam: (page) => page.nextCursor, retry: false }),
  );
  const rows = events.data?.pages.flatMap((p) => p.events) ?? [];
  const error = events.error ?? histogram.error;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Search</h1>
        <p className="text-sm text-slate-400">
          Fields, wildcards, &quot;phrases&quot;, AND / OR / NOT, ranges such as <code className="font-mono">bytes:[1000 TO 5000]</code> and CIDRs such as{" "}
          <code className="font-mono">source.ip:10.0.0.0/8</code>.
        </p>
      </div>
      <form
        role="search"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          run((box.current?.value ?? query).trim(), range);
        }}
      >
        <div className="min-w-64 flex-1">
          <label htmlFor="search-query" className="label">Query</label>
          <input
            id="search-query"
            className="field font-mono"
            key={query}
            ref={box}
            name="q"
            defaultValue={query}
            placeholder={EXAMPLE}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
          />
        </div>
        <div>
          <label htmlFor="search-range" className="label">Time range</label>
          <select id="search-range" className="field" value={range} onChange={(e) => run((box.current?.value ?? query).trim(), rangeId(e.target.value))}>
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>{r.label}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-primary h-[38px]">Search</button>
      </form>
      {error ? (
        <SearchError query={query} message={error.message} />
      ) : (
        <>
          <SearchHistogram histogram={histogram.data} loading={histogram.isLoading} />
          <section aria-labelledby="search-results-title" className="card overflow-hidden">
            <div className="flex items-baseline justify-between border-b border-slate-800 px-4 py-3">
              <h2 id="search-results-title" className="text-sm font-semibold text-slate-200">Events</h2>
              <span className="text-xs text-slate-400">{events.isLoading ? "searching…" : `${rows.length} shown · newest first`}</span>
            </div>
            <SearchResults events={rows} loading={events.isLoading} />
            {events.hasNextPage && (
              <div className="border-t border-slate-800 p-3 text-center">
                <button type="button" className="btn btn-ghost" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                  {events.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
