// Splunk HEC answers (status + {"text", "code"}), so stock HEC clients understand Vigil.
// https://docs.splunk.com/Documentation/Splunk/latest/Data/TroubleshootHTTPEventCollector
export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export const HEC = {
  success: (extra: Record<string, unknown> = {}): Reply => ({ status: 200, body: { text: "Success", code: 0, ...extra } }),
  tokenRequired: (): Reply => ({ status: 401, body: { text: "Token is required", code: 2 } }),
  invalidAuthorization: (): Reply => ({ status: 401, body: { text: "Invalid authorization", code: 3 } }),
  invalidToken: (): Reply => ({ status: 403, body: { text: "Invalid token", code: 4 } }),
  noData: (): Reply => ({ status: 400, body: { text: "No data", code: 5 } }),
  invalidData: (extra: Record<string, unknown>): Reply => ({ status: 400, body: { text: "Invalid data format", code: 6, ...extra } }),
  incorrectIndex: (index: string): Reply => ({ status: 400, body: { text: "Incorrect index", code: 7, "invalid-event-number": 0, index } }),
  internal: (): Reply => ({ status: 500, body: { text: "Internal server error", code: 8 } }),
  busy: (): Reply => ({ status: 503, body: { text: "Server is busy", code: 9 } }),
  channelMissing: (): Reply => ({ status: 400, body: { text: "Data channel is missing", code: 10 } }),
  invalidChannel: (): Reply => ({ status: 400, body: { text: "Invalid data channel", code: 11 } }),
  badQuery: (text: string): Reply => ({ status: 400, body: { text, code: 6 } }),
  healthy: (): Reply => ({ status: 200, body: { text: "HEC is healthy", code: 17 } }),
  notFound: (method: string, path: string): Reply => ({ status: 404, body: { text: `No route ${method} ${path}`, code: 404 } }),
  tooManyItems: (count: number, max: number): Reply => ({
    status: 413,
    body: { text: `Request holds ${count} events; at most ${max} per request: send smaller batches`, maxItems: max },
  }),
  tooLarge: (maxBytes: number): Reply => ({
    status: 413,
    body: { text: `Request body is larger than the ${maxBytes}-byte limit (VIGIL_INGEST_MAX_BODY_BYTES); send smaller batches`, maxBytes },
  }),
};
