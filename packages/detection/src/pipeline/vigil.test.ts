// The vigil pipeline: which logsources see which of Vigil's sources, the Sigma web / proxy /
// firewall field names on the normalized fields, SigmaHQ's own web and Linux rules on events
// shaped as Vigil's parsers write them, and the compiled backend agreeing with the reference
// evaluator under this pipeline.
import type { VigilEvent } from "@vigil/schema";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compiledEngine, compileRules, loadBuiltinRules, loadRules, matchesRule, readRuleFiles, resolveField, vigilPipeline, windowsPipeline } from "../index";
import type { LogSource, SigmaRule } from "../model/types";
import { makeEvent } from "../test-support";
import { vigilLogsourceAdmits, vigilSource } from "./vigil";

const SIGMA = "/work/shared/data/sigma/rules";

/** A web access log line as the access-log parser writes it (module, url, http, user agent). */
function accessLog(method: string, target: string, status: number, agent = "Mozilla/5.0"): VigilEvent {
  const q = target.indexOf("?");
  const raw = `203.0.113.7 - - [27/Nov/2026:10:00:00 +0000] "${method} ${target} HTTP/1.1" ${status} 512 "-" "${agent}"`;
  return makeEvent({
    raw, event: { action: "http-request", category: "web", module: "access-log", outcome: status < 400 ? "success" : "failure" },
    source: { ip: "203.0.113.7" }, url: { original: target, path: q < 0 ? target : target.slice(0, q), ...(q < 0 ? {} : { query: target.slice(q + 1) }) },
    http: { request: { method }, response: { status_code: status, bytes: 512 }, version: "1.1" }, user_agent: { original: agent },
    vigil: { receiver: "syslog" }, original: {}, message: raw,
  });
}

function sysmonProcess(commandLine: string): VigilEvent {
  const original = { Channel: "Microsoft-Windows-Sysmon/Operational", EventID: 1, Image: "C:\\Windows\\System32\\cmd.exe", CommandLine: commandLine };
  return makeEvent({ event: { code: "1", module: "sysmon" }, original, raw: JSON.stringify(original) });
}

function securityLogonFailed(user: string): VigilEvent {
  const original = { Channel: "Security", EventID: 4625, TargetUserName: user };
  return makeEvent({ event: { code: "4625", module: "windows", action: "logon", category: "authentication", outcome: "failure" }, user: { name: user }, original, raw: JSON.stringify(original) });
}

/** A syslog line the parsers did not recognize (no module): a Linux host's kernel, cron, ... */
function syslogLine(app: string, message: string): VigilEvent {
  return makeEvent({ event: {}, log: { syslog: { appname: app } }, message, raw: `<3>Nov 27 10:00:00 db-1 ${app}: ${message}`, vigil: { receiver: "syslog" }, original: {} });
}

function linuxAuth(app: string, message: string, action = "user-login", outcome: "success" | "failure" = "failure", category = "authentication"): VigilEvent {
  return makeEvent({
    event: { action, outcome, category, module: "linux-auth" }, user: { name: "root" }, log: { syslog: { appname: app } }, message,
    raw: `<38>Nov 27 10:00:00 db-1 ${app}[411]: ${message}`, vigil: { receiver: "syslog" }, original: {},
  });
}

const iptables = makeEvent({ event: { action: "DROP", category: "network", type: "denied", module: "iptables" }, source: { ip: "198.51.100.4", port: 4444 }, destination: { ip: "10.0.0.5", port: 22 }, vigil: { receiver: "syslog" } });
const auditd = makeEvent({ event: { action: "execve", category: "process", module: "auditd" }, original: { type: "EXECVE", argc: "2", a0: "arecord", a1: "-vv" } });
const squid = makeEvent({ event: { action: "tcp_miss", category: "web", module: "proxy" }, url: { original: "http://api.telegram.org/bot1/sendMessage", domain: "api.telegram.org", path: "/bot1/sendMessage" }, observer: { product: "squid" } });
const auditdSyscall = makeEvent({ event: { action: "syscall", module: "auditd" }, original: { type: "SYSCALL", SYSCALL: "openat", exe: "/usr/bin/cat" } });
const auditdCreated = makeEvent({ event: { action: "path", category: "file", module: "auditd" }, original: { type: "PATH", name: "/etc/sudoers.d/x", nametype: "CREATE", TargetFilename: "/etc/sudoers.d/x" } });
const auditdConnect = makeEvent({ event: { action: "sockaddr", category: "network", module: "auditd" }, original: { type: "SOCKADDR", saddr_fam: "inet", laddr: "203.0.113.10", lport: "4444", DestinationIp: "203.0.113.10", Initiated: "true" } });
const auditdSocket = makeEvent({ event: { action: "sockaddr", module: "auditd" }, original: { type: "SOCKADDR", saddr_fam: "inet", laddr: "203.0.113.10", lport: "4444" } });
const cloudtrail = makeEvent({ event: { action: "ConsoleLogin", module: "cloudtrail", provider: "signin.amazonaws.com" }, original: { eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin" } });
const okta = makeEvent({ event: { action: "user.session.start", module: "okta", provider: "okta" }, original: { eventType: "user.session.start" } });
const generic = makeEvent({ event: {}, original: { msg: "from a sender Vigil has no parser for" } });

describe("vigil pipeline: logsource scoping", () => {
  const cases: [string, VigilEvent, LogSource, boolean][] = [
    ["Windows rule, Sysmon 1", sysmonProcess("cmd /c whoami"), { product: "windows", category: "process_creation" }, true],
    ["Windows rule of another category, Sysmon 1", sysmonProcess("cmd /c whoami"), { product: "windows", category: "dns_query" }, false],
    ["Linux rule, Sysmon 1", sysmonProcess("cmd /c whoami"), { product: "linux" }, false],
    ["web server rule, Sysmon 1", sysmonProcess("cmd /c whoami"), { category: "webserver" }, false],
    ["Vigil's authentication rule, Security 4625", securityLogonFailed("bob"), { category: "authentication" }, true],
    ["web server rule, access log", accessLog("GET", "/", 200), { category: "webserver" }, true],
    ["apache service rule, access log", accessLog("GET", "/", 200), { service: "apache" }, true],
    ["Linux rule, access log", accessLog("GET", "/", 200), { product: "linux" }, false],
    ["proxy rule, access log", accessLog("GET", "/", 200), { category: "proxy" }, false],
    ["Vigil's authentication rule, access log", accessLog("GET", "/", 200), { category: "authentication" }, true],
    ["Linux rule, Linux auth line", linuxAuth("sshd", "Failed password for root"), { product: "linux" }, true],
    ["Linux auth rule, Linux auth line", linuxAuth("sshd", "Failed password for root"), { product: "linux", service: "auth" }, true],
    ["sshd rule, sshd line", linuxAuth("/usr/sbin/sshd", "Failed password for root"), { product: "linux", service: "sshd" }, true],
    ["sudo rule, sshd line", linuxAuth("sshd", "Failed password for root"), { product: "linux", service: "sudo" }, false],
    ["auditd rule, Linux auth line", linuxAuth("sshd", "Failed password for root"), { product: "linux", service: "auditd" }, false],
    ["Linux process_creation rule, Linux auth line", linuxAuth("sshd", "Failed password for root"), { product: "linux", category: "process_creation" }, false],
    ["Linux process_creation rule, sudo COMMAND line", linuxAuth("sudo", "bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/sbin/auditctl -D", "sudo", "success", "process"), { product: "linux", category: "process_creation" }, true],
    ["web server rule, Linux auth line", linuxAuth("sshd", "Failed password for root"), { category: "webserver" }, false],
    ["Linux firewall rule, iptables line", iptables, { product: "linux", category: "firewall" }, true],
    ["firewall rule, iptables line", iptables, { category: "firewall" }, true],
    ["Linux auth rule, iptables line", iptables, { product: "linux", service: "auth" }, false],
    ["auditd rule, audit record", auditd, { product: "linux", service: "auditd" }, true],
    ["Linux keyword rule, audit record", auditd, { product: "linux" }, true],
    ["Linux process_creation rule, audit EXECVE record (a process start)", auditd, { product: "linux", category: "process_creation" }, true],
    ["Linux process_creation rule, audit SYSCALL record", auditdSyscall, { product: "linux", category: "process_creation" }, false],
    ["Linux file_event rule, audit record", auditd, { product: "linux", category: "file_event" }, false],
    ["Linux file_event rule, audit PATH record of a created file", auditdCreated, { product: "linux", category: "file_event" }, true],
    ["Linux process_creation rule, audit PATH record of a created file", auditdCreated, { product: "linux", category: "process_creation" }, false],
    ["Linux network_connection rule, audit record", auditdSyscall, { product: "linux", category: "network_connection" }, false],
    ["Linux network_connection rule, audit SOCKADDR record of a connect", auditdConnect, { product: "linux", category: "network_connection" }, true],
    ["Linux network_connection rule, audit SOCKADDR record not joined to a connect", auditdSocket, { product: "linux", category: "network_connection" }, false],
    ["Linux process_creation rule, audit SOCKADDR record of a connect", auditdConnect, { product: "linux", category: "process_creation" }, false],
    ["auditd rule, audit SYSCALL record", auditdSyscall, { product: "linux", service: "auditd" }, true],
    ["Linux auth rule, audit record", auditd, { product: "linux", service: "auth" }, false],
    ["Windows rule, audit record", auditd, { product: "windows", category: "process_creation" }, false],
    ["Vigil's authentication rule, audit record", auditd, { category: "authentication" }, true],
    ["proxy rule, proxy log", squid, { category: "proxy" }, true],
    ["web server rule, proxy log", squid, { category: "webserver" }, false],
    ["apache service rule, proxy log", squid, { service: "apache" }, false],
    ["Linux rule, proxy log", squid, { product: "linux" }, false],
    ["Vigil's authentication rule, proxy log", squid, { category: "authentication" }, true],
    ["CloudTrail rule, CloudTrail", cloudtrail, { product: "aws", service: "cloudtrail" }, true],
    ["Okta rule, CloudTrail", cloudtrail, { product: "okta", service: "okta" }, false],
    ["Okta rule, Okta", okta, { product: "okta", service: "okta" }, true],
    ["Azure rule, Okta", okta, { product: "azure", service: "signinlogs" }, false],
    ["Linux rule, unrecognized syslog line", syslogLine("kernel", "stack smashing detected"), { product: "linux" }, true],
    ["Azure rule, unrecognized JSON", generic, { product: "azure", service: "signinlogs" }, true],
    ["proxy rule, unrecognized JSON", generic, { category: "proxy" }, true],
    ["Windows rule, unrecognized JSON", generic, { product: "windows" }, false],
  ];
  it.each(cases)("%s: %s", (_name, event, logsource, admitted) => {
    expect(vigilLogsourceAdmits(logsource, event)).toBe(admitted);
  });

  it("names the source of each recognized event", () => {
    expect([sysmonProcess("x"), accessLog("GET", "/", 200), squid, linuxAuth("sshd", "x"), iptables, auditd, cloudtrail, okta, generic].map(vigilSource))
      .toEqual(["windows", "access-log", "proxy", "linux-auth", "iptables", "auditd", "cloudtrail", "okta", undefined]);
  });

  it("lets Vigil's authentication rules see Windows logons, which the windows pipeline does not", () => {
    const { rules } = loadBuiltinRules();
    const failed = rules.find((r) => r.logsource.category === "authentication" && r.logsource.product === undefined && matchesRule(r, securityLogonFailed("bob")));
    expect(failed).toBeDefined();
    expect(vigilPipeline.admits(failed as SigmaRule, securityLogonFailed("bob"))).toBe(true);
    expect(windowsPipeline.admits(failed as SigmaRule, securityLogonFailed("bob"))).toBe(false);
  });
});

describe("vigil pipeline: Sigma taxonomy field names", () => {
  it("resolves web server, proxy and firewall names to the normalized fields", () => {
    const web = accessLog("POST", "/login.php?user=admin", 403, "sqlmap/1.7");
    expect(["cs-method", "cs-uri-query", "cs-uri-stem", "sc-status", "cs-user-agent", "c-useragent", "c-ip", "c-uri"].map((f) => resolveField(web, f)))
      .toEqual(["POST", "user=admin", "/login.php", 403, "sqlmap/1.7", "sqlmap/1.7", "203.0.113.7", "/login.php?user=admin"]);
    expect(["src_ip", "dst_ip", "dst_port"].map((f) => resolveField(iptables, f))).toEqual(["198.51.100.4", "10.0.0.5", 22]);
    expect(resolveField(makeEvent({ url: { original: "http://x.example/a/setup.exe", path: "/a/setup.exe", extension: "exe" } }), "c-uri-extension")).toBe("exe");
  });

  it("keeps a sender's own field of that name first", () => {
    const w3c = makeEvent({ url: { query: "normalized" }, original: { "cs-uri-query": "as sent" } });
    expect(resolveField(w3c, "cs-uri-query")).toBe("as sent");
  });
});

/** The rules of a SigmaHQ file or folder. */
/** The titles of `rules` that fire on `event` (compiled engine, vigil pipeline), sorted. */
function firedTitles(rules: SigmaRule[], event: VigilEvent): string[] {
  const { engine } = compiledEngine({ rules, correlations: [], errors: [], silent: new Set() }, { pipeline: vigilPipeline });
  return engine.process("t", [event]).map((m) => m.ruleTitle).sort();
}

const sigmaRule = (path: string): SigmaRule[] =>
  loadRules(path.endsWith(".yml") ? [{ file: path, text: readFileSync(join(SIGMA, path), "utf8") }] : readRuleFiles(join(SIGMA, path))).rules;

describe.skipIf(!existsSync(SIGMA))("vigil pipeline: SigmaHQ web and Linux rules on Vigil's events", () => {
  const rules = [
    ...sigmaRule("web/webserver_generic/web_sql_injection_in_access_logs.yml"),
    ...sigmaRule("web/webserver_generic/web_susp_useragents.yml"),
    ...sigmaRule("linux/builtin/lnx_buffer_overflows.yml"),
  ];
  const titles = (event: VigilEvent) => firedTitles(rules, event);

  it("loads the three rules", () => {
    expect(rules.map((r) => r.title).sort()).toEqual(["Buffer Overflow Attempts", "SQL Injection Strings In URI", "Suspicious User-Agents Related To Recon Tools"]);
  });

  it("fires SigmaHQ's SQL injection rule on a GET access log (cs-method, sc-status), not on a 404 or a POST", () => {
    expect(titles(accessLog("GET", "/items?id=1%20UNION%20SELECT%20password%20FROM%20users", 200))).toEqual(["SQL Injection Strings In URI"]);
    expect(titles(accessLog("GET", "/items?id=1%20UNION%20SELECT%20password%20FROM%20users", 404))).toEqual([]);
    expect(titles(accessLog("POST", "/items?id=1%20UNION%20SELECT%20password%20FROM%20users", 200))).toEqual([]);
  });

  it("fires the recon user-agent rule on an access log, not on a Windows command line holding the same text", () => {
    expect(titles(accessLog("GET", "/", 200, "sqlmap/1.7#stable (https://sqlmap.org)"))).toEqual(["Suspicious User-Agents Related To Recon Tools"]);
    expect(titles(sysmonProcess("python sqlmap.py -u http://x/?id=1 UNION SELECT 1 --user-agent sqlmap/1.7"))).toEqual([]);
  });

  it("fires SigmaHQ's proxy rules on a proxy's CEF record (cs-host, c-useragent), not on a web server's access log", () => {
    const proxy = (url: string, domain: string, agent: string) => makeEvent({
      event: { module: "cef", action: "TCP_MISS" }, url: { original: url, domain, path: "/bot12/sendMessage" }, user_agent: { original: agent }, http: { request: { method: "POST" } },
      original: { deviceVendor: "Squid", request: url, requestClientApplication: agent },
    });
    const proxyRules = [...sigmaRule("web/proxy_generic/proxy_telegram_api.yml"), ...sigmaRule("web/proxy_generic/proxy_ua_hacktool.yml")];
    const fired = (event: VigilEvent) => firedTitles(proxyRules, event);
    expect(fired(proxy("http://api.telegram.org/bot12/sendMessage", "api.telegram.org", "python-requests/2.31"))).toEqual(["Telegram API Access"]);
    expect(fired(proxy("http://api.telegram.org/bot12/sendMessage", "api.telegram.org", "TelegramBot (like TwitterBot)"))).toEqual([]);
    expect(fired(proxy("http://example.com/", "example.com", "masscan/1.3"))).toEqual(["Hack Tool User Agent"]);
    expect(fired(accessLog("GET", "/", 200, "masscan/1.3"))).toEqual([]);
  });

  it("fires the Linux buffer overflow keywords on a Linux syslog line, not on a URL holding them", () => {
    expect(titles(syslogLine("kernel", "*** stack smashing detected ***: terminated"))).toEqual(["Buffer Overflow Attempts"]);
    expect(titles(accessLog("GET", "/?q=stack%20smashing%20detected&x=stack smashing detected", 200))).toEqual([]);
    // With no scoping (every rule sees every event) the URL fired it.
    expect(rules.filter((r) => r.title === "Buffer Overflow Attempts" && matchesRule(r, accessLog("GET", "/?x=stack smashing detected", 200)))).toHaveLength(1);
  });
});

describe("vigil pipeline: routing memo", () => {
  it("routes a sudo COMMAND line apart from the sudo auth lines before it (same program, another category)", async () => {
    const { rules } = loadRules([{ file: "t.yml", text: `title: auditctl -D\nid: 9d1c3c0e-2b7f-4c55-a0c8-6b7a1c2e3f40\nlogsource: {product: linux, category: process_creation}\ndetection:\n  sel:\n    process.command_line|contains: auditctl -D\n  condition: sel\n` }]);
    const compiled = compileRules(rules, { pipeline: vigilPipeline });
    const authLine = linuxAuth("sudo", "pam_unix(sudo:auth): authentication failure; user=bob", "sudo", "failure");
    const command = { ...linuxAuth("sudo", "bob : USER=root ; COMMAND=/usr/sbin/auditctl -D", "sudo", "success", "process"), process: { command_line: "/usr/sbin/auditctl -D" } };
    expect(compiled.match({ ...authLine, process: { command_line: "auditctl -D" } })).toEqual([]);
    expect(compiled.match(command)).toEqual(["9d1c3c0e-2b7f-4c55-a0c8-6b7a1c2e3f40"]);
  });

  it("routes an audit EXECVE record apart from the SYSCALL record before it", () => {
    const { rules } = loadRules([{ file: "t.yml", text: `title: kmod\nid: 2f0e8a4c-8d5b-4c3e-9a1f-3b2c1d0e9f8a\nlogsource: {product: linux, category: process_creation}\ndetection:\n  sel:\n    Image|endswith: /kmod\n  condition: sel\n` }]);
    const compiled = compileRules(rules, { pipeline: vigilPipeline });
    expect(compiled.match({ ...auditdSyscall, original: { ...auditdSyscall.original, Image: "/usr/bin/kmod" } })).toEqual([]);
    expect(compiled.match({ ...auditd, original: { ...auditd.original, Image: "/usr/bin/kmod" } })).toEqual(["2f0e8a4c-8d5b-4c3e-9a1f-3b2c1d0e9f8a"]);
  });
});

describe.skipIf(!existsSync(SIGMA))("compiled backend == reference evaluator under the vigil pipeline", () => {
  it("over the SigmaHQ web, Linux, cloud and Windows process rules and events of every source", () => {
    const rules = [
      ...sigmaRule("web"), ...sigmaRule("linux"), ...sigmaRule("cloud/aws"), ...sigmaRule("identity/okta"),
      ...sigmaRule("windows/process_creation").slice(0, 300),
    ];
    expect(rules.length).toBeGreaterThan(500);
    const words = ["UNION SELECT", "../../etc/passwd", "sqlmap/1.7", "stack smashing detected", "wget http://x/a.sh", "whoami", "/bin/sh -i", "ConsoleLogin", "${jndi:ldap://x}"];
    const events: VigilEvent[] = [];
    words.forEach((w, i) => {
      events.push(accessLog(i % 2 ? "POST" : "GET", `/a?q=${w}`, i % 3 ? 200 : 404, i % 4 ? "curl/8" : w));
      events.push(sysmonProcess(`cmd.exe /c ${w}`));
      events.push(syslogLine(i % 2 ? "kernel" : "bash", w));
      events.push(linuxAuth(i % 2 ? "sshd" : "sudo", `Failed password for ${w}`));
      events.push({ ...linuxAuth("sudo", `bob : USER=root ; COMMAND=${w}`, "sudo", "success", "process"), process: { command_line: w, executable: "/usr/bin/sudo" } });
      events.push(makeEvent({ event: { module: "cloudtrail", action: "ConsoleLogin" }, original: { eventSource: "signin.amazonaws.com", eventName: i % 2 ? "ConsoleLogin" : "StopLogging", userAgent: w } }));
      events.push(makeEvent({ event: { module: "okta" }, original: { eventType: i % 2 ? "policy.lifecycle.update" : "user.mfa.factor.deactivate", displayMessage: w } }));
      events.push(makeEvent({ event: { module: "iptables" }, source: { ip: "10.0.0.1" }, destination: { ip: "10.0.0.2", port: 4444 } }));
      events.push(makeEvent({ event: {}, original: { CommandLine: w, Image: "/usr/bin/bash", "c-useragent": w } }));
    });
    const compiled = compileRules(rules, { pipeline: vigilPipeline });
    const differing: string[] = [];
    let fired = 0;
    for (const event of events) {
      const naive = rules.filter((r) => vigilPipeline.admits(r, event) && matchesRule(r, event, vigilPipeline.resolve)).map((r) => r.id);
      const fast = compiled.match(event);
      fired += naive.length;
      if (naive.join() !== fast.join()) differing.push(`${event.raw}: naive ${naive.join()} compiled ${fast.join()}`);
    }
    console.log(`vigil pipeline: ${rules.length} rules x ${events.length} events, ${fired} matches, compiled == reference`);
    expect(differing).toEqual([]);
    expect(fired).toBeGreaterThan(5);
  });
});
