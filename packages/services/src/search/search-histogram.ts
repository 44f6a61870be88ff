// Counts per time bucket of the events matching a query (zero-filled), for the search page's chart.
import type { ServiceDeps } from "../context";
import { AppError } from "../errors";
import { eventHistogram } from "../events";
import type { HistogramBucket } from "../events";
import { compileSearch, validateWindow } from "./compile-search";

export interface SearchHistogramInput {
  query: string;
  from: Date;
  to: Date;
  /** About how many bars; the bucket width is rounded up to a readable step. */
  buckets?: number;
}

export interface SearchHistogramResult {
  bucketSeconds: number;
  total: number;
  buckets: HistogramBucket[];
}

export const MAX_SEARCH_BUCKETS = 200;
const STEPS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** The smallest readable step giving at most `buckets` bars (whole days beyond the table). */
export function bucketSecondsFor(from: Date, to: Date, buckets: number): number {
  const raw = (to.getTime() - from.getTime()) / 1000 / buckets;
  return STEPS.find((s) => s >= raw) ?? Math.ceil(raw / 86_400) * 86_400;
}

export async function searchHistogram(deps: ServiceDeps, tenantId: string, input: SearchHistogramInput): Promise<SearchHistogramResult> {
  const wanted = input.buckets ?? 60;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_SEARCH_BUCKETS) {
    throw new AppError("BAD_REQUEST", `buckets must be an integer from 1 to ${MAX_SEARCH_BUCKETS}`, { fields: { buckets: "out of range" } });
  }
  validateWindow(input.from, input.to);
  const bucketSeconds = bucketSecondsFor(input.from, input.to, wanted);
  const filter = compileSearch(input.query, 5);
  const buckets = await eventHistogram(deps, tenantId, { from: input.from, to: input.to, bucketSeconds, filter });
  return { bucketSeconds, total: buckets.reduce((sum, b) => sum + b.count, 0), buckets };
}
