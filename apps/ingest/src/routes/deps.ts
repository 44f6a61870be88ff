import type { ServiceDeps } from "@vigil/services";
import type { EventSink } from "../ingest-body";

export interface HttpReceiverDeps {
  services: ServiceDeps;
  sink: EventSink;
  maxBodyBytes: number;
  maxItemsPerRequest?: number;
}
