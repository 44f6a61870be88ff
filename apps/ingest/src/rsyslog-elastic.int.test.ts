// rsyslog's omelasticsearch (Debian `rsyslog-elasticsearch`), a real Elasticsearch `_bulk`
// client, shipping a watched file to the Elasticsearch-compatible receiver over HTTP with Basic
// auth (token as password).
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabaseUrls } from "@vigil/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./testing/harness";
import { startHarness } from "./testing/harness";
import { rowsWith, waitFor } from "./testing/syslog";

const MODULE = "/usr/lib/x86_64-linux-gnu/rsyslog/omelasticsearch.so";
let h: Harness;
let a: { tenantId: string; token: string };
let rsyslogd: ChildProcess | undefined;
let output = "";
const dir = mkdtempSync(join(tmpdir(), "vigil-omes-"));
const watched = join(dir, "app.log");

function conf(port: number, token: string): string {
  return `
global(workDirectory="${dir}")
module(load="imfile")
module(load="omelasticsearch")
template(name="ecs" type="list" option.jsonf="on") {
  property(outname="@timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="message" name="msg" format="jsonf")
  property(outname="host.name" name="hostname" format="jsonf")
  property(outname="process.name" name="programname" format="jsonf")
}
ruleset(name="ship") {
  action(type="omelasticsearch" server="127.0.0.1" serverport="${port}" usehttps="off" uid="rsyslog" pwd="${token}"
         searchIndex="rsyslog-test" bulkmode="on" template="ecs" errorFile="${join(dir, "errors.json")}")
}
input(type="imfile" File="${watched}" Tag="sshd" ruleset="ship")
`;
}

beforeAll(async () => {
  if (!existsSync(MODULE)) throw new Error(`${MODULE} missing: apt-get install -y rsyslog-elasticsearch`);
  h = await startHarness(testDatabaseUrls(process.env));
  a = await h.createTenant();
  await h.app.listen({ host: "127.0.0.1", port: 0 });
  const port = (h.app.server.address() as AddressInfo).port;
  writeFileSync(watched, "");
  writeFileSync(join(dir, "rsyslog.conf"), conf(port, a.token));
  rsyslogd = spawn("rsyslogd", ["-n", "-f", join(dir, "rsyslog.conf"), "-i", join(dir, "pid")], { stdio: ["ignore", "pipe", "pipe"] });
  rsyslogd.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  rsyslogd.stderr?.on("data", (d: Buffer) => (output += d.toString()));
});
afterAll(async () => {
  if (rsyslogd && rsyslogd.exitCode === null) {
    const exited = new Promise((resolve) => rsyslogd?.once("exit", resolve));
    rsyslogd.kill("SIGTERM");
    await exited;
  }
  await h?.close();
});

describe("rsyslog omelasticsearch -> _bulk", () => {
  it("stores what a real Elasticsearch client ships, for the token's tenant", async () => {
    appendFileSync(watched, "Accepted password for carol from 198.51.100.30 port 5000 ssh2 omes-1\nsession closed omes-2\n");
    const rows = await waitFor(() => rowsWith(h, "omes-"), (r) => r.length >= 2, 20_000);
    expect(rows.length, `rsyslogd said: ${output}`).toBe(2);
    expect(rows.every((r) => r.tenant_id === a.tenantId && r.receiver === "bulk")).toBe(true);
    // The document carries the line as `message` and the program as `process.name`: the line is
    // parsed as the syslog receiver parses an sshd line.
    expect(rows.find((r) => r.raw.includes("omes-1"))?.doc).toMatchObject({
      vigil: { index: "rsyslog-test", format: "linux-auth" },
      event: { module: "linux-auth", outcome: "success", category: "authentication" },
      user: { name: "carol" },
      source: { ip: "198.51.100.30", port: 5000 },
      process: { name: "sshd" },
    });
    expect((rows.find((r) => r.raw.includes("omes-2"))?.doc as { event: object }).event).toEqual({});
  });
});
