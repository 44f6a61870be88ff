import { describe, expect, it } from "vitest";
import { hecCurl } from "./hec-curl";

describe("hecCurl", () => {
  it("builds a HEC command with the token and the public ingest URL", () => {
    const cmd = hecCurl("https://ingest.example.com/", "vgl_abc");
    expect(cmd.startsWith('curl -H "Authorization: Splunk vgl_abc" https://ingest.example.com/services/collector/event -d \'')).toBe(true);
    const body = cmd.slice(cmd.indexOf("-d '") + 4, -1);
    expect(JSON.parse(body)).toMatchObject({ event: { action: "user_login", outcome: "failure" } });
  });
});
