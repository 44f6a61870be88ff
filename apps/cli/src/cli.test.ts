// Runs `vigil` as a child process over real SigmaHQ rules and real Windows events.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/vigil.mjs", import.meta.url));
const DATA = "/work/shared/data";
const WINDOWS_RULES = join(DATA, "sigma/rules/windows");
const LSASS_DUMP = join(DATA, "sigma/regression_data/rules/windows/file/file_event/file_event_win_taskmgr_lsass_dump");

function vigil(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("vigil rules check", () => {
  it("compiles the SigmaHQ Windows rules and prints the machine-readable summary", () => {
    const r = vigil("rules", "check", WINDOWS_RULES, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { total: number; compiled: number; failed: { file: string; reason: string }[] };
    expect(report.total).toBeGreaterThan(2000);
    expect(report.compiled / report.total).toBeGreaterThanOrEqual(0.995);
    expect(report.failed.length).toBe(report.total - report.compiled);
  });

  it("names the file and the reason of every rule that does not compile", () => {
    const dir = tempDir({
      "good.yml": "title: ok\nlogsource: {product: windows}\ndetection:\n  sel: {Image|endswith: '\\cmd.exe'}\n  condition: sel\n",
      "bad.yml": "title: bad\nlogsource: {product: windows}\ndetection:\n  sel: {Image|nope: x}\n  condition: sel\n",
    });
    const json = JSON.parse(vigil("rules", "check", dir, "--json").stdout) as { total: number; compiled: number; failed: { file: string; reason: string }[] };
    expect(json).toMatchObject({ total: 2, compiled: 1 });
    expect(json.failed[0]!.file).toMatch(/bad\.yml$/);
    expect(json.failed[0]!.reason).toMatch(/unknown modifier "nope"/);
    const text = vigil("rules", "check", dir);
    expect(text.stdout).toMatch(/FAIL .*bad\.yml: .*unknown modifier "nope"/);
    expect(text.stdout).toMatch(/1 of 2 rules compiled/);
  });

  it("compiles placeholder rules with empty lists, says which lists they wait for, and arms them with --lists", () => {
    const rules = tempDir({
      "dc.yml": "title: Logon to a DC\nid: dc-logon\nlogsource: {product: windows, service: security}\nlevel: high\ndetection:\n  sel:\n    EventID: 4624\n    Computer|expand: '%DomainControllers%'\n  condition: sel\n",
    });
    const json = JSON.parse(vigil("rules", "check", rules, "--json").stdout) as { compiled: number; waiting: { file: string; rule: string; lists: string[] }[] };
    expect(json).toMatchObject({ compiled: 1, waiting: [{ rule: "Logon to a DC", lists: ["DomainControllers"] }] });
    expect(vigil("rules", "check", rules).stdout).toMatch(/WAIT .*dc\.yml: "Logon to a DC" uses %DomainControllers% with no values/);
    const events = tempDir({ "e.jsonl": `${JSON.stringify({ Event: { System: { EventID: 4624, Channel: "Security", Computer: "dc01.corp", TimeCreated: { "#attributes": { SystemTime: "2026-01-01T00:00:00Z" } } }, EventData: { TargetUserName: "bob" } } })}\n` });
    const unarmed = vigil("hunt", "--rules", rules, events, "--json");
    expect(unarmed.stdout.trim()).toBe("");
    expect(unarmed.stderr).toMatch(/1 rules use lists with no values \(%DomainControllers%\)/);
    const lists = join(tempDir({ "lists.json": JSON.stringify({ DomainControllers: ["dc0*"] }) }), "lists.json");
    expect(jsonLines(vigil("hunt", "--rules", rules, events, "--lists", lists, "--json").stdout)).toEqual([expect.objectContaining({ rule: expect.objectContaining({ id: "dc-logon" }), line: 1 })]);
    const bad = vigil("rules", "check", rules, "--lists", join(rules, "dc.yml"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--lists .*dc\.yml: /);
  });
});

describe("vigil hunt", () => {
  it("fires the SigmaHQ rule of a regression test on its evtx_dump events", () => {
    const r = vigil("hunt", "--rules", WINDOWS_RULES, LSASS_DUMP, "--json");
    expect(r.code).toBe(0);
    const hits = jsonLines(r.stdout).filter((d) => (d.rule as { id: string }).id === "69ca12af-119d-44ed-b50f-a47af0ebc364");
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ rule: { title: "LSASS Process Memory Dump Creation Via Taskmgr.EXE", level: "high" }, line: 0 });
    expect(hits[0]!.file).toMatch(/69ca12af-119d-44ed-b50f-a47af0ebc364\.json$/);
  });

  it("hunts DeepBlueCLI python-evtx JSONL with line numbers, a per-rule report and a summary table", () => {
    const file = join(DATA, "deepbluecli/new-user-security.jsonl");
    const json = jsonLines(vigil("hunt", "--rules", WINDOWS_RULES, file, "--json").stdout);
    expect(json).toContainEqual(expect.objectContaining({ rule: expect.objectContaining({ title: "Local User Creation", level: "low" }), file, line: 2 }));
    const text = vigil("hunt", "--rules", WINDOWS_RULES, join(DATA, "deepbluecli"));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\[high\] Security Eventlog Cleared/);
    expect(text.stdout).toMatch(/level\s+rule\s+kind\s+detections/);
    expect(text.stderr).toMatch(/hunted 2,250 events in 5 files/);
  });

  it("runs correlation rules and reads JSON arrays and concatenated objects (Winlogbeat, NXLog)", () => {
    const rules = tempDir({
      "r.yml": [
        "title: Service installed\nname: service_installed\nid: svc-1\nlogsource: {product: windows, service: system}\nlevel: low\ndetection:\n  sel: {EventID: 7045}\n  condition: sel",
        "title: Many services on one host\nid: corr-1\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [service_installed]\n  group-by: [Computer]\n  timespan: 10m\n  condition: {gte: 3}\n  generate: true",
      ].join("\n---\n"),
    });
    const beat = (i: number) => ({ "@timestamp": `2026-11-27T10:0${i}:00.000Z`, host: { name: "srv-1" }, winlog: { event_id: 7045, channel: "System", computer_name: "srv-1", provider_name: "Service Control Manager", event_data: { ServiceName: `svc${i}`, ImagePath: "C:\\x.exe" } } });
    const nx = (i: number) => ({ EventTime: `2026-11-27 10:0${i}:30`, Hostname: "srv-2", EventID: 7045, Channel: "System", SourceName: "Service Control Manager", ServiceName: `n${i}` });
    const events = tempDir({ "beats.json": JSON.stringify([beat(0), beat(1), beat(2)]), "nxlog.json": [nx(0), nx(1)].map((e) => JSON.stringify(e)).join("\n") });
    const out = jsonLines(vigil("hunt", "--rules", rules, events, "--json").stdout);
    const base = out.filter((d) => d.kind === "event");
    expect(base.map((d) => `${String(d.file).split("/").pop()}:${String(d.line)}`)).toEqual(["beats.json:0", "beats.json:1", "beats.json:2", "nxlog.json:0", "nxlog.json:1"]);
    const corr = out.filter((d) => d.kind === "correlation");
    expect(corr).toHaveLength(1);
    expect(corr[0]).toMatchObject({ rule: { id: "corr-1", title: "Many services on one host", level: "high" }, line: 2, group: "Computer=srv-1" });
  });

  it("answers bad arguments with a message and exit code 1, never a stack trace", () => {
    const cases: [string[], RegExp][] = [
      [["hunt", LSASS_DUMP], /hunt needs --rules/],
      [["hunt", "--rules", "/no/such/rules", LSASS_DUMP], /rules path not found: \/no\/such\/rules/],
      [["hunt", "--rules", WINDOWS_RULES, "/no/such/events"], /events path not found: \/no\/such\/events/],
      [["hunt", "--rules", WINDOWS_RULES], /exactly one events path/],
      [["hunt", "--rules"], /--rules needs a value/],
      [["hunt", "--rules", WINDOWS_RULES, LSASS_DUMP, "--fast"], /unknown option --fast/],
      [["rules", "lint", WINDOWS_RULES], /unknown rules command "lint"/],
      [["scan"], /unknown command "scan"/],
      [[], /missing command/],
    ];
    for (const [args, message] of cases) {
      const r = vigil(...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/usage:/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
