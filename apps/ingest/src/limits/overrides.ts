// Per-tenant quota overrides as set in the portal (an MSSP's administrators) or by the operator
// (`vigil tenants quota`), re-read every few seconds so a change applies without a restart, in every
// ingest process. While PostgreSQL is unreachable the last overrides read stay in force.
import type { IngestQuotaOverride } from "@vigil/services/tenancy";
import type { TenantQuota } from "./quotas";

export type LoadOverrides = () => Promise<Map<string, IngestQuotaOverride>>;

const same = (a: IngestQuotaOverride | undefined, b: IngestQuotaOverride | undefined) =>
  a?.eventsPerSecond === b?.eventsPerSecond && a?.bytesPerSecond === b?.bytesPerSecond;

export class QuotaOverrides {
  private current = new Map<string, IngestQuotaOverride>();
  private timer: NodeJS.Timeout | undefined;
  private loaded = false;

  constructor(
    private readonly load: LoadOverrides,
    private readonly log?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void },
  ) {}

  /** Called with each tenant whose override changed at a refresh (IngestLimits.quotaChanged). */
  onChange: (tenantId: string) => void = () => undefined;

  /** The tenant's override for IngestLimits' `quotaFor` (undefined fields: the default). */
  readonly quotaFor = (tenantId: string): Partial<TenantQuota> | undefined => {
    const o = this.current.get(tenantId);
    if (!o) return undefined;
    return { ...(o.eventsPerSecond === null ? {} : { eventsPerSecond: o.eventsPerSecond }), ...(o.bytesPerSecond === null ? {} : { bytesPerSecond: o.bytesPerSecond }) };
  };

  get size(): number {
    return this.current.size;
  }

  /** Reads the overrides; false (and the previous ones kept) when they could not be read. */
  async refresh(): Promise<boolean> {
    let next: Map<string, IngestQuotaOverride>;
    try {
      next = await this.load();
    } catch (err) {
      this.log?.warn({ err }, "could not read the tenants' ingest quota overrides: the last ones read stay in force");
      return false;
    }
    const changed = [...new Set([...this.current.keys(), ...next.keys()])].filter((id) => !same(this.current.get(id), next.get(id)));
    this.current = next;
    // The first read is a summary, not one line per tenant; later ones name each change.
    if (!this.loaded) this.log?.info({ overrides: next.size }, "tenant ingest quota overrides read");
    for (const tenantId of changed) {
      if (this.loaded) this.log?.info({ tenantId, quota: next.get(tenantId) ?? "default" }, "tenant ingest quota changed");
      this.onChange(tenantId);
    }
    this.loaded = true;
    return true;
  }

  /** Refreshes every `everyMs` until `stop`. */
  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
