// Elasticsearch-shaped answers, for Filebeat, Logstash, Fluent Bit and Vector outputs.
import type { Reply } from "../hec-replies";

export const ES_VERSION = "8.11.0";

export function esError(status: number, type: string, reason: string): Reply {
  return { status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } };
}

export const ES = {
  missingCredentials: (path: string) => esError(401, "security_exception", `missing authentication credentials for REST request [${path}]`),
  badCredentials: () => esError(401, "security_exception", "unable to authenticate with provided credentials (use ApiKey <ingest token> or Basic with the token as password)"),
  notFound: (type: string, reason: string) => esError(404, type, reason),
  tooLarge: (maxBytes: number) => esError(413, "content_too_long_exception", `request body is larger than the ${maxBytes}-byte limit (VIGIL_INGEST_MAX_BODY_BYTES)`),
  tooManyItems: (count: number, max: number) => esError(413, "content_too_long_exception", `bulk request holds ${count} documents; at most ${max} per request`),
  busy: () => esError(503, "unavailable_shards_exception", "the event store is unavailable; retry later"),
  internal: () => esError(500, "exception", "internal error"),
  noRoute: (method: string, path: string) => esError(400, "illegal_argument_exception", `request [${method} ${path}] is not supported by Vigil's Elasticsearch-compatible receiver`),
  acknowledged: (): Reply => ({ status: 200, body: { acknowledged: true } }),
};

export function clusterInfo(): Record<string, unknown> {
  return {
    name: "vigil-ingest",
    cluster_name: "vigil",
    cluster_uuid: "vigil-ingest-cluster",
    version: {
      number: ES_VERSION,
      build_flavor: "default",
      build_type: "docker",
      build_hash: "vigil",
      build_date: "2023-11-04T10:04:57.184859352Z",
      build_snapshot: false,
      lucene_version: "9.8.0",
      minimum_wire_compatibility_version: "7.17.0",
      minimum_index_compatibility_version: "7.0.0",
    },
    tagline: "You Know, for Search",
  };
}

const LICENSE = { status: "active", uid: "00000000-0000-0000-0000-000000000000", type: "basic", mode: "basic", issue_date: "2023-11-04T00:00:00.000Z", issue_date_in_millis: 1699056000000, max_nodes: 1000, issued_to: "vigil", issuer: "elasticsearch", start_date_in_millis: -1 };

export const license = () => ({ license: LICENSE });

export function xpack(): Record<string, unknown> {
  const on = { available: true, enabled: true };
  return {
    build: { hash: "vigil", date: "2023-11-04T10:04:57.184859352Z" },
    license: { uid: LICENSE.uid, type: "basic", mode: "basic", status: "active" },
    features: { ilm: on, security: on, monitoring: { available: true, enabled: false }, ml: { available: false, enabled: false } },
    tagline: "for more info see https://github.com (Vigil: Elasticsearch-compatible ingest only)",
  };
}

export const clusterHealth = () => ({
  cluster_name: "vigil", status: "green", timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1,
  active_primary_shards: 1, active_shards: 1, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0,
  delayed_unassigned_shards: 0, number_of_pending_tasks: 0, number_of_in_flight_fetch: 0,
  task_max_waiting_in_queue_millis: 0, active_shards_percent_as_number: 100.0,
});
