// new-country-mass-download.yml: positive and negative cases, through the built-in pack as shipped.
import type { VigilEvent } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadBuiltinRules, matchesRule } from "../src/index";
import { at, makeEvent } from "../src/test-support";

const set = loadBuiltinRules();
const rule = (name: string) => set.rules.find((r) => r.name === name)!;
const CHAIN = "Login from a new country followed by mass download";
const NEW_COUNTRY = "Login from a new country: 2+ countries for one account within 24 hours";
const MASS = "Mass download: 20+ files downloaded by one account within 10 minutes";

const evt = (fields: Record<string, unknown>) => makeEvent(fields as Partial<VigilEvent>);
const login = (minute: number, country: string, user = "carol", outcome = "success") =>
  evt({ "@timestamp": at(minute), event: { action: "user-login", outcome }, user: { name: user }, source: { ip: "198.51.100.20", geo: { country_iso_code: country } } });
const download = (minute: number, i: number, user = "carol") =>
  evt({ "@timestamp": at(minute, i), event: { action: "file-downloaded", outcome: "success", category: "file" }, user: { name: user }, file: { path: `/share/sales/report-${i}.pdf` } });
const downloads = (minute: number, n = 20, user = "carol") => Array.from({ length: n }, (_, i) => download(minute, i, user));
const titles = (events: VigilEvent[]) => new DetectionEngine(set).process("t", events).map((m) => m.ruleTitle);

describe("login from a new country followed by mass download", () => {
  it("base rules: a located successful login; a download that did not fail", () => {
    expect(matchesRule(rule("auth-success-geo"), login(0, "FR"))).toBe(true);
    expect(matchesRule(rule("auth-success-geo"), login(0, "FR", "carol", "failure"))).toBe(false);
    expect(matchesRule(rule("auth-success-geo"), evt({ event: { action: "user-login", outcome: "success" }, user: { name: "carol" } }))).toBe(false);
    expect(matchesRule(rule("file-download"), download(0, 0))).toBe(true);
    expect(matchesRule(rule("file-download"), evt({ event: { action: "file-downloaded", outcome: "failure" }, user: { name: "carol" } }))).toBe(false);
    expect(matchesRule(rule("file-download"), evt({ event: { action: "file-read" }, user: { name: "carol" } }))).toBe(false);
  });

  it("fires: home country, a new country, then 20 downloads by the same account", () => {
    const out = titles([login(0, "US"), login(5, "RU"), ...downloads(10)]);
    expect(out).toContain(CHAIN);
    expect(out.filter((t) => t === NEW_COUNTRY)).toHaveLength(1);
    expect(out).toContain(MASS);
  });

  it("the chain alert is critical and carries the ATT&CK techniques", () => {
    const match = new DetectionEngine(set).process("t", [login(0, "US"), login(5, "RU"), ...downloads(10)]).find((m) => m.ruleTitle === CHAIN);
    expect(match).toMatchObject({ severity: "CRITICAL", level: "critical" });
    expect(match?.techniques).toEqual(expect.arrayContaining(["T1078", "T1039", "T1530"]));
  });

  it("does not fire: same country, fewer than 20 downloads, another account, wrong order, or beyond an hour", () => {
    expect(titles([login(0, "US"), login(5, "US"), ...downloads(10)])).not.toContain(CHAIN);
    expect(titles([login(0, "US"), login(5, "RU"), ...downloads(10, 19)])).not.toContain(CHAIN);
    expect(titles([login(0, "US"), login(5, "RU"), ...downloads(10, 20, "dave")])).not.toContain(CHAIN);
    expect(titles([...downloads(0), login(20, "US"), login(25, "RU")])).not.toContain(CHAIN);
    expect(titles([login(0, "US"), login(5, "RU"), ...downloads(70)])).not.toContain(CHAIN);
  });

  it("a new country alone or a mass download alone raises only its own alert", () => {
    expect(titles([login(0, "US"), login(5, "RU")])).toEqual([NEW_COUNTRY]);
    expect(titles(downloads(0))).toEqual([MASS]);
  });
});
