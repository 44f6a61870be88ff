import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFormat, detectFormat, joinAuditRecords, parseAny, RecentAuditRecords } from "../../index";

const receivedAt = new Date("2026-11-29T12:00:00.000Z");
const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8").split("\n").filter(Boolean);
const lines = read("audit.log");
const syslogLines = read("audit-syslog.log");
const parse = (line: string) => {
  const r = parseAny(line, { tenantId: "t", receivedAt });
  if (!r.ok) throw new Error(`${r.error.reason} at ${r.error.position}: ${line}`);
  return r;
};
const events = lines.map(parse);
const at = (i: number) => events[i]!.event;

/** A small deterministic generator (xorshift32). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

describe("auditd records", () => {
  it("detects every audit.log line as auditd, with the record's time from its audit() stamp", () => {
    expect(events.map((e) => e.format)).toEqual(lines.map(() => "auditd"));
    expect(at(0)["@timestamp"]).toBe("2026-11-29T09:53:20.101Z");
    expect(at(0).original).toMatchObject({ type: "SYSCALL", msg: "audit(1795946000.101:4242)" });
  });

  it("maps a SYSCALL record: the x86_64 syscall named, process, ids and key kept", () => {
    expect(at(0)).toMatchObject({
      event: { module: "auditd", action: "syscall", category: "process", type: "start", outcome: "success" },
      process: { pid: 1388, parent: { pid: 1201 }, executable: "/usr/bin/dash", name: "sh" },
      user: { id: "33" },
      ocsf: { class_uid: 1007 },
    });
    expect(at(0).original).toMatchObject({ SYSCALL: "execve", syscall: "59", euid: "33", key: "detect_execve_www", a0: "55d1c2a3b4c0" });
  });

  it("decodes EXECVE arguments auditd wrote in hex and joins them into the command line", () => {
    const command = "echo Y2F0IC9ldGMvc2hhZG93 | base64 -d | sh";
    expect(at(1).original).toMatchObject({ type: "EXECVE", argc: "3", a0: "sh", a1: "-c", a2: command });
    expect(at(1).process?.command_line).toBe(`sh -c ${command}`);
    expect(at(5)).toMatchObject({ host: { name: "db-2" }, original: { node: "db-2", a1: "/tmp/my file" } });
  });

  it("decodes PROCTITLE (NUL-separated hex) and maps CWD and PATH to file fields", () => {
    expect(at(4)).toMatchObject({ original: { proctitle: "bash -c id" }, process: { command_line: "bash -c id" } });
    expect(at(2)).toMatchObject({ event: { category: "file" }, file: { path: "/var/www/html" } });
    expect(at(6)).toMatchObject({ event: { action: "path", category: "file" }, file: { path: "/etc/ld.so.preload", name: "ld.so.preload" }, original: { nametype: "CREATE" } });
  });

  it("joins a long EXECVE argument split in pieces (a1_len, a1[0], a1[1])", () => {
    expect(at(13).original).toMatchObject({ a0: "echo", a1: "hello world!" });
    expect(Object.keys(at(13).original)).not.toContain("a1[0]");
    expect(at(13).process?.command_line).toBe("echo hello world!");
  });

  it("flattens the userspace message of USER_* records: failed logins are authentication failures", () => {
    expect(at(7)).toMatchObject({
      event: { action: "user_login", category: "authentication", outcome: "failure" },
      user: { name: "root", id: "0" },
      source: { ip: "203.0.113.9" },
      process: { pid: 2201, executable: "/usr/sbin/sshd", name: "sshd" },
      original: { op: "login", acct: "root", res: "failed", terminal: "ssh" },
    });
    expect(at(7).original).not.toHaveProperty("hostname"); // "?" is auditd's "unknown"
    expect(at(8)).toMatchObject({ event: { action: "user_auth", outcome: "failure" }, source: { ip: "203.0.113.9" } });
  });

  it("reads the enriched format (after \\x1d): account creation names the admin and the new id", () => {
    expect(at(9)).toMatchObject({
      event: { action: "add_user", category: "iam", outcome: "success" },
      user: { name: "alice", target: { id: "1337" } },
      original: { AUID: "alice", UID: "root", op: "add-user" },
      ocsf: { class_uid: 3001 },
    });
    expect(at(12).original).toMatchObject({ SYSCALL: "init_module", syscall: "175", ARCH: "x86_64", comm: "insmod", key: "modules" });
  });

  it("maps sudo's USER_CMD (hex cmd) and systemd's SERVICE_STOP", () => {
    expect(at(10)).toMatchObject({ event: { action: "user_cmd", category: "process" }, process: { command_line: "ls -la /root" }, original: { cwd: "/home/alice" } });
    expect(at(11)).toMatchObject({ event: { action: "service_stop", type: "end", outcome: "success" }, original: { unit: "firewalld", comm: "systemd" } });
  });

  it("recognizes audit records inside syslog: audisp-syslog, audispd with node=, the kernel's numeric types", () => {
    const parsed = syslogLines.map(parse);
    expect(parsed.map((p) => p.format)).toEqual(["auditd", "auditd", "auditd"]);
    expect(parsed[0]!.event).toMatchObject({ event: { module: "auditd", action: "execve" }, original: { a0: "arecord", a1: "-vv", appname: "audisp-syslog" }, host: { name: "web-1" } });
    expect(parsed[1]!.event).toMatchObject({ event: { action: "avc", type: "denied" }, original: { type: "AVC", apparmor: "DENIED", name: "/etc/shadow" }, process: { pid: 3001, name: "tcpdump" } });
    expect(parsed[2]!.event.original).toMatchObject({ SYSCALL: "mknod", node: "web-1" });
    expect(parsed[2]!.event.original).not.toHaveProperty("key"); // key=(null)
  });

  it("is the auditd format component, bare or in syslog, and refuses what is not an audit record", () => {
    const built = buildFormat("auditd");
    if (!built.ok) throw new Error(built.reason);
    expect(built.parser(lines[1]!, { receivedAt }).ok).toBe(true);
    expect(built.parser(syslogLines[0]!, { receivedAt }).ok).toBe(true);
    const refused = built.parser("<13>Nov 29 10:00:00 web-1 cron[1]: (root) CMD (true)", { receivedAt });
    expect(refused).toMatchObject({ ok: false, error: { reason: "no auditd record in the syslog content" } });
    expect(detectFormat(lines[7]!)).toBe("auditd");
    expect(detectFormat("type=unknown")).toBe("unknown");
  });

  it("survives hostile records: prototype keys, unterminated quotes, huge argc, odd hex", () => {
    const hostile = [
      'type=USER_LOGIN msg=audit(1795946000.000:1): __proto__="x" constructor=y msg=\'op=login acct="unterminated',
      "type=EXECVE msg=audit(1795946000.000:2): argc=99999999999 a0=\"x\" a1=ABC a2=zz a3=",
      'type=EXECVE msg=audit(1795946000.000:3): argc=1 a0_len=5 a0[0]="ab" a0[2]="cd"',
      "type=SYSCALL msg=audit(1795946000.000:4): arch=c000003e syscall=999999 a0=",
      "type=X msg=audit(1795946000.000:5):",
      "type=EXECVE msg=audit(1795946000.000:7): argc=2 a0=\"x\" a1=4100420001",
      "type=SYSCALL msg=audit(1795946000.000:8): =oops == = a==b c=\"x\"=y \x1d= d='e=f' g=",
      `type=EXECVE msg=audit(1795946000.000:6): argc=2 a0="${"y".repeat(100_000)}" a1=${"41".repeat(50_000)}`,
    ];
    for (const line of hostile) {
      const r = parse(line);
      expect(r.format).toBe("auditd");
      expect(JSON.parse(JSON.stringify(r.event)).id).toBe(r.event.id);
    }
    const proto = parse(hostile[0]!).event.original;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(proto.__proto__).toBe("x");
    expect(proto.acct).toBe("unterminated");
    expect(parse(hostile[1]!).event.original).toMatchObject({ a0: "x", a1: "ABC", a2: "zz" }); // odd-length hex stays as written
    expect(parse(hostile[2]!).event.original).toMatchObject({ a0: "ab" });
    expect(parse(hostile[3]!).event.original).not.toHaveProperty("SYSCALL");
    expect(parse(hostile[5]!).event.original.a1).toBe("A B");
    expect(parse(hostile[6]!).event.original).toMatchObject({ a: "=b", c: "x", d: "e=f", e: "f", g: "" });
    expect(parse(hostile[7]!).event.original.a1).toBe("A".repeat(50_000));
  });

  it("ends on any body after a valid head (20,000 random bodies of audit-ish characters)", () => {
    const next = rng(20261129);
    const alphabet = ['=', '"', "'", " ", "\x1d", "a", "0", "A", "F", "[", "]", "_", "(", ")", ":", "{", "msg=", "a1[0]=", "argc=", "type=", "saddr=", "0A00", "0100", "0200"];
    for (let n = 0; n < 20_000; n++) {
      let body = "";
      const length = Math.floor(next() * 40);
      for (let k = 0; k < length; k++) body += alphabet[Math.floor(next() * alphabet.length)];
      const type = ["EXECVE", "USER_LOGIN", "SOCKADDR"][Math.floor(next() * 3)];
      const r = parseAny(`type=${type} msg=audit(1795946000.000:${n}): ${body}`, { tenantId: "t", receivedAt });
      expect(r.ok && r.format).toBe("auditd");
    }
  });

  it("joins a batch's EXECVE record to its SYSCALL and CWD records: a process start under Sysmon for Linux's names", () => {
    const batch = events.map((e) => e.event);
    const joined = joinAuditRecords(batch);
    expect(joined[1]).toMatchObject({
      event: { module: "auditd", action: "execve", category: "process", type: "start" },
      process: { executable: "/usr/bin/dash", name: "dash", pid: 1388, parent: { pid: 1201 }, command_line: expect.stringMatching(/^sh -c echo /) },
      user: { id: "33" },
      original: { type: "EXECVE", a0: "sh", Image: "/usr/bin/dash", CommandLine: expect.stringMatching(/^sh -c echo /), CurrentDirectory: "/var/www/html", ProcessId: "1388", ParentProcessId: "1201" },
    });
    expect(joined[1]!.original).not.toHaveProperty("User"); // the raw format has only the number
    expect(joined[0]).toBe(batch[0]); // the other records are untouched
    expect(joined[2]).toBe(batch[2]);
    // node=db-2's EXECVE of serial 4301 has no SYSCALL record: its command line only.
    expect(joined[5]!.original).toMatchObject({ CommandLine: "cp /tmp/my file /etc/ld.so.preload" });
    expect(joined[5]!.original).not.toHaveProperty("Image");
    expect(batch[1]!.original).not.toHaveProperty("Image"); // the batch itself is not changed
  });

  it("joins a batch's PATH record of a created file: a file creation, a relative name resolved against the CWD record", () => {
    const batch = events.map((e) => e.event);
    const joined = joinAuditRecords(batch);
    expect(joined[20]).toMatchObject({
      event: { module: "auditd", category: "file", type: "creation" },
      file: { path: "/etc/sudoers.d/90-backdoor", name: "90-backdoor" },
      process: { executable: "/usr/bin/tee", pid: 3310 },
      original: { type: "PATH", nametype: "CREATE", name: "90-backdoor", TargetFilename: "/etc/sudoers.d/90-backdoor", Image: "/usr/bin/tee", ProcessId: "3310" },
    });
    expect(joined[19]).toBe(batch[19]); // item=0, nametype=PARENT
    // node=db-2's PATH of serial 4302 has no SYSCALL or CWD record: its absolute name only.
    expect(joined[6]!.original).toMatchObject({ TargetFilename: "/etc/ld.so.preload" });
    expect(joined[6]!.original).not.toHaveProperty("Image");
  });

  it("joins by node and serial only, names the enriched format's user, and returns a batch without EXECVE as is", () => {
    const at = (line: string) => parse(line).event;
    const syscall = at('node=a type=SYSCALL msg=audit(1795946000.000:9): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 uid=0 comm="id" exe="/usr/bin/id"\x1dUID="root"');
    const sameNode = at('node=a type=EXECVE msg=audit(1795946000.000:9): argc=1 a0="id"');
    const otherNode = at('node=b type=EXECVE msg=audit(1795946000.000:9): argc=1 a0="id"');
    const otherSerial = at('node=a type=EXECVE msg=audit(1795946000.000:10): argc=1 a0="id"');
    const joined = joinAuditRecords([syscall, otherNode, sameNode, otherSerial]);
    expect(joined[2]!.original).toMatchObject({ Image: "/usr/bin/id", User: "root", CommandLine: "id" });
    expect(joined[1]!.original).not.toHaveProperty("Image");
    expect(joined[3]!.original).not.toHaveProperty("Image");
    const noExecve = [syscall, at(lines[2]!)];
    expect(joinAuditRecords(noExecve)).toBe(noExecve);
  });

  it("joins a record to its SYSCALL and CWD records of the tenant's previous batch (a batch can end inside an event)", () => {
    const at = (line: string) => parse(line).event;
    const syscall = at('node=a type=SYSCALL msg=audit(1795946000.000:9): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=2 uid=0 comm="base64" exe="/usr/bin/base64"');
    const cwd = at('node=a type=CWD msg=audit(1795946000.000:9): cwd="/tmp"');
    const execve = at('node=a type=EXECVE msg=audit(1795946000.000:9): argc=2 a0="base64" a1="-d"');
    const created = at('node=a type=PATH msg=audit(1795946000.000:9): item=1 name="x.sh" nametype=CREATE');
    const recent = new RecentAuditRecords();
    const acme = { tenantId: "acme", recent };
    expect(joinAuditRecords([syscall], acme)).toEqual([syscall]);
    const [process] = joinAuditRecords([execve], acme);
    expect(process!.original).toMatchObject({ Image: "/usr/bin/base64", CommandLine: "base64 -d", ProcessId: "2" });
    expect(process!.original).not.toHaveProperty("CurrentDirectory"); // its CWD record comes after it
    joinAuditRecords([cwd], acme);
    const [file] = joinAuditRecords([created], acme);
    expect(file!.original).toMatchObject({ TargetFilename: "/tmp/x.sh", Image: "/usr/bin/base64" });
    // Another tenant's identical node and stamp join nothing of acme's; without memory, nothing either.
    const [other] = joinAuditRecords([execve], { tenantId: "globex", recent });
    expect(other!.original).not.toHaveProperty("Image");
    expect(joinAuditRecords([execve])[0]!.original).not.toHaveProperty("Image");
    // Another event of the same serial (after a reboot: another time) is another event.
    const rebooted = at('node=a type=EXECVE msg=audit(1795999999.000:9): argc=1 a0="id"');
    expect(joinAuditRecords([rebooted], acme)[0]!.original).not.toHaveProperty("Image");
  });

  it("decodes SOCKADDR's saddr as ausearch -i shows it: inet, inet6 (an IPv4-mapped one as IPv4), local, netlink", () => {
    const sockaddr = (bytes: number[]) => parse(`type=SOCKADDR msg=audit(1795946011.000:1): saddr=${Buffer.from(bytes).toString("hex").toUpperCase()}`).event.original;
    const port = [0x11, 0x5c]; // 4444
    expect(sockaddr([2, 0, ...port, 203, 0, 113, 10, 0, 0, 0, 0, 0, 0, 0, 0])).toMatchObject({ saddr_fam: "inet", laddr: "203.0.113.10", lport: "4444" });
    const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(sockaddr([10, 0, ...port, 0, 0, 0, 0, ...v6, 0, 0, 0, 0])).toMatchObject({ saddr_fam: "inet6", laddr: "2001:db8::1", lport: "4444" });
    expect(sockaddr([10, 0, ...port, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1, 0, 0, 0, 0])).toMatchObject({ laddr: "127.0.0.1" });
    expect(sockaddr([10, 0, ...port, 0, 0, 0, 0, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0])).toMatchObject({ laddr: "fe80::1:0:0:2" });
    expect(sockaddr([1, 0, ...Buffer.from("/dev/log"), 0])).toMatchObject({ saddr_fam: "local", path: "/dev/log" });
    expect(sockaddr([1, 0, 0, ...Buffer.from("@dbus")])).toMatchObject({ saddr_fam: "local", path: "@dbus" });
    expect(sockaddr([16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toMatchObject({ saddr_fam: "netlink" });
    // Truncated, odd-length or unknown: the hex is kept, nothing invented.
    for (const saddr of ["0200115C", "0A001F900000", "020", "ZZ00", "0", "FFFF0000"]) {
      const original = parse(`type=SOCKADDR msg=audit(1795946011.000:1): saddr=${saddr}`).event.original;
      expect(original).toMatchObject({ saddr });
      expect(original).not.toHaveProperty("laddr");
    }
    // The enriched format names them already.
    const enriched = parse('type=SOCKADDR msg=audit(1795946011.000:1): saddr=0200115CCB00710A0000000000000000\x1dSADDR={ saddr_fam=inet laddr=203.0.113.10 lport=4444 }').event.original;
    expect(enriched).toMatchObject({ saddr_fam: "inet", laddr: "203.0.113.10", lport: "4444" });
    expect(enriched).not.toHaveProperty("SADDR");
  });

  it("joins the SOCKADDR record of a connect to its SYSCALL record: an outbound connection; not a bind, a refused connect or a local socket", () => {
    const syscall = (serial: number, name: number, success: string, exit: string) =>
      parse(`type=SYSCALL msg=audit(1795946011.000:${serial}): arch=c000003e syscall=${name} success=${success} exit=${exit} ppid=1 pid=77 uid=1000 comm="nc" exe="/usr/bin/nc"`).event;
    const socket = (serial: number, saddr = "0200115CCB00710A0000000000000000") => parse(`type=SOCKADDR msg=audit(1795946011.000:${serial}): saddr=${saddr}`).event;
    const joined = joinAuditRecords([
      syscall(1, 42, "yes", "0"), socket(1),
      syscall(2, 42, "no", "-115"), socket(2),
      syscall(3, 42, "no", "-111"), socket(3), // ECONNREFUSED
      syscall(4, 49, "yes", "0"), socket(4), // bind
      syscall(5, 42, "yes", "0"), socket(5, "01002F6465762F6C6F6700"),
    ]);
    expect(joined[1]).toMatchObject({
      event: { category: "network", type: "connection" },
      destination: { ip: "203.0.113.10", port: 4444 },
      network: { direction: "egress" },
      process: { executable: "/usr/bin/nc", pid: 77 },
      original: { Image: "/usr/bin/nc", DestinationIp: "203.0.113.10", DestinationPort: "4444", DestinationIsIpv6: "false", Initiated: "true", ProcessId: "77" },
    });
    expect(joined[3]!.original).toMatchObject({ Initiated: "true" });
    for (const i of [5, 7, 9]) expect(joined[i]!.original).not.toHaveProperty("Initiated");
  });

  it("names a process start's parent from what the tenant's records said of its pid: image, then command line", () => {
    const at = (line: string) => parse(line).event;
    const hex = (text: string) => Buffer.from(text).toString("hex").toUpperCase();
    const recent = new RecentAuditRecords();
    const acme = { tenantId: "acme", recent };
    // A Java service seen connecting (its SYSCALL and PROCTITLE records), in one batch...
    joinAuditRecords([
      at('node=app-1 type=SYSCALL msg=audit(1795946020.000:10): arch=c000003e syscall=42 success=yes exit=0 ppid=1 pid=900 uid=998 comm="java" exe="/usr/lib/jvm/bin/java"'),
      at(`node=app-1 type=PROCTITLE msg=audit(1795946020.000:10): proctitle=${hex("java\0-jar\0/opt/app.jar")}`),
    ], acme);
    // ...and the shell it starts, in the next.
    const child = [
      at('node=app-1 type=SYSCALL msg=audit(1795946021.000:11): arch=c000003e syscall=59 success=yes exit=0 ppid=900 pid=901 uid=998 comm="sh" exe="/usr/bin/dash"'),
      at('node=app-1 type=EXECVE msg=audit(1795946021.000:11): argc=3 a0="sh" a1="-c" a2="curl x|sh"'),
    ];
    expect(joinAuditRecords(child, acme)[1]!.original).toMatchObject({ ParentImage: "/usr/lib/jvm/bin/java", ParentCommandLine: "java -jar /opt/app.jar", ParentProcessId: "900" });
    // Another tenant's identical records name no parent.
    expect(joinAuditRecords(child, { tenantId: "globex", recent })[1]!.original).not.toHaveProperty("ParentImage");
    // The shell's own start is remembered: its children name it, with its arguments.
    const grandchild = [
      at('node=app-1 type=SYSCALL msg=audit(1795946022.000:12): arch=c000003e syscall=59 success=yes exit=0 ppid=901 pid=902 uid=998 comm="curl" exe="/usr/bin/curl"'),
      at('node=app-1 type=EXECVE msg=audit(1795946022.000:12): argc=2 a0="curl" a1="x"'),
    ];
    expect(joinAuditRecords(grandchild, acme)[1]!.original).toMatchObject({ ParentImage: "/usr/bin/dash", ParentCommandLine: "sh -c curl x|sh" });
    // pid 900 exec'd again (another program): its later children name the new one; another node's pid 900 is another process.
    joinAuditRecords([
      at('node=app-1 type=SYSCALL msg=audit(1795946023.000:13): arch=c000003e syscall=59 success=yes exit=0 ppid=1 pid=900 uid=0 comm="python3" exe="/usr/bin/python3.11"'),
      at('node=app-1 type=EXECVE msg=audit(1795946023.000:13): argc=2 a0="python3" a1="job.py"'),
    ], acme);
    expect(joinAuditRecords(child, acme)[1]!.original).toMatchObject({ ParentImage: "/usr/bin/python3.11", ParentCommandLine: "python3 job.py" });
    const otherNode = child.map((e) => ({ ...e, original: { ...e.original, node: "app-2" } }));
    expect(joinAuditRecords(otherNode, acme)[1]!.original).not.toHaveProperty("ParentImage");
  });

  it("remembers a bounded number of events, forgetting the oldest first", () => {
    const recent = new RecentAuditRecords(100);
    const memory = { tenantId: "acme", recent };
    for (let n = 0; n < 1000; n++) {
      joinAuditRecords([parse(`type=SYSCALL msg=audit(1795946000.000:${n}): syscall=59 pid=${n} exe="/bin/x${n}"`).event], memory);
    }
    expect(recent.size).toBe(100);
    const execve = (n: number) => parse(`type=EXECVE msg=audit(1795946000.000:${n}): argc=1 a0="x"`).event;
    expect(joinAuditRecords([execve(999)], memory)[0]!.original).toMatchObject({ Image: "/bin/x999" });
    expect(joinAuditRecords([execve(10)], memory)[0]!.original).not.toHaveProperty("Image");
  });
});
