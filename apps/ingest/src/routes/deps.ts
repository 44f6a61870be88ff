import type { ServiceDeps } from "@vigil/services";
import type { EventSink } from "../ingest-body";
import { InProcessLog } from "../log/in-process";
import type { EventLog } from "../log/types";
import { storeWriter } from "../log/writer";
import { LastKnownTokens } from "../tokens";

export interface HttpReceiverDeps {
  services: ServiceDeps;
  /** Fresh events go here after their COMMIT (used by the default in-process log). */
  sink: EventSink;
  /** Where receivers append; absent: an in-process log writing through to PostgreSQL. */
  eventLog?: EventLog;
  maxBodyBytes: number;
  maxItemsPerRequest?: number;
}

const defaults = new WeakMap<HttpReceiverDeps, EventLog>();
const tokenCaches = new WeakMap<HttpReceiverDeps, LastKnownTokens>();

/** One token resolver per server, shared by the HEC and Elasticsearch receivers. */
export function tokensOf(deps: HttpReceiverDeps): LastKnownTokens {
  let tokens = tokenCaches.get(deps);
  if (!tokens) {
    tokens = new LastKnownTokens(deps.services);
    tokenCaches.set(deps, tokens);
  }
  return tokens;
}

/** The receivers' event log; one default in-process log per server when none was given. */
export function eventLogOf(deps: HttpReceiverDeps): EventLog {
  if (deps.eventLog) return deps.eventLog;
  let log = defaults.get(deps);
  if (!log) {
    const created = new InProcessLog();
    void created.start(storeWriter(deps.services, deps.sink));
    defaults.set(deps, created);
    log = created;
  }
  return log;
}
