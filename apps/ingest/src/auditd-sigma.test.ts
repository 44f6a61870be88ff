// SigmaHQ's Linux rules on audit records as Vigil's parsers write them (audit.log lines and the
// same through syslog), run by the compiled engine on the vigil pipeline as ingest runs them, and
// checked against the reference evaluator.
import { compiledEngine, loadRules, matchesRule, readRuleFiles, vigilPipeline } from "@vigil/detection";
import { parseAny } from "@vigil/parsers";
import type { VigilEvent } from "@vigil/schema";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const SIGMA = "/work/shared/data/sigma";
const FIXTURES = new URL("../../../packages/parsers/src/formats/linux/fixtures/", import.meta.url);

function fixtureEvents(): VigilEvent[] {
  const lines = ["audit.log", "audit-syslog.log"].flatMap((f) => readFileSync(new URL(f, FIXTURES), "utf8").split("\n").filter(Boolean));
  return lines.map((line) => {
    const r = parseAny(line, { tenantId: "t", receivedAt: new Date("2026-11-29T12:00:00Z") });
    if (!r.ok) throw new Error(`${r.error.reason}: ${line}`);
    return r.event;
  });
}

describe.skipIf(!existsSync(SIGMA))("SigmaHQ Linux rules on parsed audit records", () => {
  const set = loadRules([...readRuleFiles(`${SIGMA}/rules/linux`), ...readRuleFiles(`${SIGMA}/rules-emerging-threats`)]);
  const { engine } = compiledEngine({ ...set, correlations: [] }, { pipeline: vigilPipeline });
  const events = fixtureEvents();
  const fired = events.map((e) => engine.process("t", [e]).map((m) => m.ruleTitle).sort());

  it("loads SigmaHQ's Linux and emerging-threat rules, the auditd ones among them", () => {
    expect(set.errors).toEqual([]);
    expect(set.rules.filter((r) => r.logsource.service === "auditd").length).toBe(54);
  });

  it("fires each auditd rule on the record it is written for, and nothing on the others", () => {
    const byRecord = events.map((e, i) => [`${i} ${String(e.original.type)}`, fired[i]]);
    expect(byRecord).toEqual([
      ["0 SYSCALL", ["Webshell Remote Command Execution"]], // SYSCALL named from its x86_64 number, euid 33
      ["1 EXECVE", ["Suspicious Activity in Shell Commands"]], // a hex-encoded `| base64 -d | sh` argument, decoded
      ["2 CWD", []],
      ["3 PATH", []],
      ["4 PROCTITLE", []],
      ["5 EXECVE", ["Code Injection by ld.so Preload"]],
      ["6 PATH", ["Code Injection by ld.so Preload", "Modification of ld.so.preload"]],
      ["7 USER_LOGIN", []],
      ["8 USER_AUTH", []],
      ["9 ADD_USER", ["Creation Of An User Account"]],
      ["10 USER_CMD", []],
      ["11 SERVICE_STOP", ["Disable System Firewall"]], // unit= from the flattened userspace message
      ["12 SYSCALL", ["Loading of Kernel Module via Insmod"]],
      ["13 EXECVE", []],
      ["14 EXECVE", ["Audio Capture"]], // through audisp-syslog
      ["15 AVC", []],
      ["16 SYSCALL", ["Special File Creation via Mknod Syscall"]], // audispd with node=, syscall 133
    ]);
  });

  it("agrees with the reference evaluator under the same pipeline", () => {
    const reference = events.map((e) => set.rules.filter((r) => vigilPipeline.admits(r, e) && matchesRule(r, e)).map((r) => r.title).sort());
    expect(fired).toEqual(reference);
  });

  it("keeps Linux process_creation and Windows rules off audit records", () => {
    const admitted = new Set(events.flatMap((e) => set.rules.filter((r) => vigilPipeline.admits(r, e)).map((r) => `${r.logsource.product ?? ""}/${r.logsource.category ?? ""}`)));
    expect([...admitted].filter((k) => k.includes("process_creation") || k.startsWith("windows"))).toEqual([]);
  });
});
