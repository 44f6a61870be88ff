import type { ServiceDeps } from "../context";
import { AppError } from "../errors";

export interface HistogramInput {
  from: Date;
  to: Date;
  bucketSeconds: number;
  /** Extra WHERE condition (e.g. a compiled search query) whose placeholders start at $5. */
  filter?: { sql: string; params: readonly unknown[] };
}

export interface HistogramBucket {
  /** ISO start of the bucket (buckets are aligned on `from`). */
  start: string;
  count: number;
  failures: number;
}

export const MAX_HISTOGRAM_BUCKETS = 2000;

const histogramSql = (filter = "true") => `
with counted as (
  select date_bin(make_interval(secs => $4), ts, $2::timestamptz) as bucket,
         count(*)::int as n,
         count(*) filter (where outcome = 'failure')::int as failures
  from events
  where tenant_id = $1::uuid and ts >= $2::timestamptz and ts < $3::timestamptz and ${filter}
  group by 1
)
select s as bucket, coalesce(c.n, 0) as count, coalesce(c.failures, 0) as failures
from generate_series($2::timestamptz, $3::timestamptz - interval '1 millisecond', make_interval(secs => $4)) as s
left join counted c on c.bucket = s
order by s`;

function validate(input: HistogramInput): void {
  const { from, to, bucketSeconds } = input;
  if (!(from instanceof Date) || !(to instanceof Date) || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw new AppError("BAD_REQUEST", "from and to must be valid dates");
  }
  if (to <= from) throw new AppError("BAD_REQUEST", "to must be after from");
  if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1) throw new AppError("BAD_REQUEST", "bucketSeconds must be a positive integer");
  const buckets = Math.ceil((to.getTime() - from.getTime()) / (bucketSeconds * 1000));
  if (buckets > MAX_HISTOGRAM_BUCKETS) {
    throw new AppError("BAD_REQUEST", `${buckets} buckets requested; at most ${MAX_HISTOGRAM_BUCKETS} (use a larger bucketSeconds)`);
  }
}

/** Event counts per time bucket in [from, to), zero-filled. */
export async function eventHistogram(deps: ServiceDeps, tenantId: string, input: HistogramInput): Promise<HistogramBucket[]> {
  validate(input);
  return deps.db.withTenantClient(tenantId, async (client) => {
    const { rows } = await client.query<{ bucket: Date; count: number; failures: number }>(histogramSql(input.filter?.sql), [
      tenantId, input.from.toISOString(), input.to.toISOString(), input.bucketSeconds, ...(input.filter?.params ?? []),
    ]);
    return rows.map((r) => ({ start: r.bucket.toISOString(), count: r.count, failures: r.failures }));
  });
}
