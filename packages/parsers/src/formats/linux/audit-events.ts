// The records of one audit event (SYSCALL, EXECVE, CWD, PATH, PROCTITLE sharing node and serial)
// are written as consecutive lines, so they almost always reach Vigil in one batch. SigmaHQ's
// Linux process_creation rules (122 of them) read a process start under Sysmon for Linux's names:
// `Image`, `CommandLine`, `CurrentDirectory`, `User`, `ProcessId`, `ParentProcessId`. Within a
// batch, each EXECVE record becomes that event: its arguments give `CommandLine`, the SYSCALL
// record of its serial gives `Image` (exe), the ids and the user, the CWD record the directory.
// A PATH record naming a created file (nametype=CREATE) becomes a file creation for SigmaHQ's
// Linux file_event rules the same way: `TargetFilename` (absolute, a relative name resolved
// against the CWD record) and `Image`; the SOCKADDR record of a `connect` an outbound network
// connection for its network_connection rules (`DestinationIp`, `DestinationPort`, `Initiated`,
// `Image`). The other records stay as they are, for the auditd rules.
// A batch can end between the records of one event (a receiver closes its batch after N lines or
// a few ms). auditd writes SYSCALL first and CWD before PATH, so `RecentAuditRecords` remembers the
// last SYSCALL and CWD records seen per tenant, node and event stamp: an EXECVE or PATH record at
// the head of the next batch still finds them. Only an EXECVE whose CWD record (written after it)
// lands in the next batch goes without `CurrentDirectory`.
// auditd does not record a parent's image. The memory also keeps, per tenant, node and pid, the last
// image (SYSCALL `exe`) and command line (EXECVE arguments, else PROCTITLE) seen for a process, so a
// process start gets `ParentImage` and `ParentCommandLine` (SigmaHQ's web shell, Java child, ... rules)
// when its parent was seen doing anything audited, in this batch or an earlier one.
import type { VigilEvent } from "@vigil/schema";
import { basename, compact, text } from "../../format/util";
import { OCSF } from "./ocsf";

/** The stamp `audit(1700000000.123:4242)` the parser keeps in `original.msg`: the same on every record of one event. */
const STAMP = /^audit\(\d+\.\d+:\d+\)$/;

interface AuditEvent {
  node: string;
  execve?: number;
  proctitle?: VigilEvent;
  /** PATH records of created files. */
  created: number[];
  /** SOCKADDR records of IP addresses. */
  sockets: number[];
  syscall?: VigilEvent;
  cwd?: VigilEvent;
}

function groupKey(event: VigilEvent): string | undefined {
  const msg = event.original.msg;
  return typeof msg === "string" && STAMP.test(msg) ? `${text(event.original.node) ?? ""}\u0001${msg}` : undefined;
}

interface Remembered {
  syscall?: VigilEvent;
  cwd?: VigilEvent;
}

/**
 * The SYSCALL and CWD records of the most recent audit events, per tenant (a tenant's records never
 * join another's), bounded: the oldest are forgotten first. One per process (or thread) that parses.
 */
/** Sets `key` as the map's newest entry (insertion order), forgetting the oldest past `capacity`. */
function setNewest<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/** What was last seen of a process (by node and pid). */
export interface KnownProcess {
  image?: string;
  commandLine?: string;
}

export class RecentAuditRecords {
  private readonly records = new Map<string, Remembered>();
  private readonly processes = new Map<string, KnownProcess>();

  constructor(readonly capacity = 4096, readonly processCapacity = 16_384) {}

  process(tenantId: string, node: string, pid: string): KnownProcess | undefined {
    return this.processes.get(`${tenantId}\u0002${node}\u0001${pid}`);
  }

  /** A process seen: an exec replaces what was known of its pid; other syscalls add what is missing. */
  rememberProcess(tenantId: string, node: string, pid: string, seen: KnownProcess, exec: boolean): void {
    const at = `${tenantId}\u0002${node}\u0001${pid}`;
    const known = this.processes.get(at);
    const same = known !== undefined && !exec && (seen.image === undefined || known.image === seen.image);
    setNewest(this.processes, at, same ? { image: known.image ?? seen.image, commandLine: known.commandLine ?? seen.commandLine } : seen, this.processCapacity);
  }

  get size(): number {
    return this.records.size;
  }

  find(tenantId: string, key: string): Remembered | undefined {
    return this.records.get(`${tenantId}\u0002${key}`);
  }

  remember(tenantId: string, key: string, found: Remembered): void {
    const at = `${tenantId}\u0002${key}`;
    const known = this.records.get(at);
    setNewest(this.records, at, { syscall: found.syscall ?? known?.syscall, cwd: found.cwd ?? known?.cwd }, this.capacity);
  }
}

/** Where the records of earlier batches are remembered: the tenant the batch belongs to and its memory. */
export interface AuditMemory {
  tenantId: string;
  recent: RecentAuditRecords;
}

/** The EXECVE record as a process start, with what its SYSCALL and CWD records say. */
function processStart(execve: VigilEvent, syscall: VigilEvent | undefined, cwd: VigilEvent | undefined, parent: KnownProcess | undefined): VigilEvent {
  const s = syscall?.original ?? {};
  const image = text(s.exe);
  const sysmon = compact({
    Image: image,
    CommandLine: execve.process?.command_line,
    CurrentDirectory: text(cwd?.original.cwd),
    // The enriched format names the account (UID="alice"); the raw one only has the number.
    User: text(s.UID),
    ProcessId: text(s.pid),
    ParentProcessId: text(s.ppid),
    ParentImage: parent?.image,
    ParentCommandLine: parent?.commandLine,
  });
  return {
    ...execve,
    event: { ...execve.event, category: "process", type: "start" },
    original: { ...execve.original, ...sysmon },
    process: compact({
      ...execve.process,
      executable: image,
      name: basename(image) ?? syscall?.process?.name,
      pid: syscall?.process?.pid,
      parent: compact({ ...syscall?.process?.parent, executable: parent?.image, command_line: parent?.commandLine }),
    }),
    ...(syscall?.user ? { user: syscall.user } : {}),
  };
}

/** A PATH record of a created file as a file creation, with what its SYSCALL and CWD records say. */
function fileCreation(path: VigilEvent, syscall: VigilEvent | undefined, cwd: VigilEvent | undefined): VigilEvent {
  const name = text(path.original.name);
  const dir = text(cwd?.original.cwd);
  const target = name === undefined ? undefined : name.startsWith("/") || dir === undefined ? name : `${dir.replace(/\/+$/, "")}/${name}`;
  const image = text(syscall?.original.exe);
  const sysmon = compact({ TargetFilename: target, Image: image, User: text(syscall?.original.UID), ProcessId: text(syscall?.original.pid) });
  return {
    ...path,
    event: { ...path.event, category: "file", type: "creation" },
    original: { ...path.original, ...sysmon },
    file: compact({ ...path.file, path: target, name: basename(target) }),
    ...(syscall?.process ? { process: syscall.process } : {}),
    ...(syscall?.user ? { user: syscall.user } : {}),
  };
}

/** A `connect` that reached the peer, or is reaching it (a non-blocking socket's EINPROGRESS). */
function connected(syscall: VigilEvent | undefined): syscall is VigilEvent {
  const s = syscall?.original;
  return s?.SYSCALL === "connect" && (s.success === "yes" || s.exit === "-115" || s.exit === "EINPROGRESS");
}

/** A SOCKADDR record of a `connect` as an outbound network connection, with what its SYSCALL record says. */
function networkConnection(socket: VigilEvent, syscall: VigilEvent): VigilEvent {
  const s = syscall.original;
  const ip = text(socket.original.laddr);
  const port = Number(socket.original.lport);
  const sysmon = compact({
    Image: text(s.exe),
    User: text(s.UID),
    ProcessId: text(s.pid),
    Initiated: "true",
    DestinationIp: ip,
    DestinationPort: text(socket.original.lport),
    DestinationIsIpv6: socket.original.saddr_fam === "inet6" ? "true" : "false",
  });
  return {
    ...socket,
    event: { ...socket.event, category: "network", type: "connection" },
    original: { ...socket.original, ...sysmon },
    destination: compact({ ...socket.destination, ip, port: Number.isInteger(port) ? port : undefined }),
    network: { ...socket.network, direction: "egress" },
    ocsf: { class_uid: OCSF.networkActivity },
    ...(syscall.process ? { process: syscall.process } : {}),
    ...(syscall.user ? { user: syscall.user } : {}),
  };
}

/**
 * A batch's events with each audit EXECVE record and each PATH record of a created file joined to
 * the SYSCALL and CWD records of their event (same node and stamp), from this batch or, with
 * `memory`, from the tenant's earlier batches. The same array when the batch holds neither.
 */
export function joinAuditRecords(events: readonly VigilEvent[], memory?: AuditMemory): readonly VigilEvent[] {
  let groups: Map<string, AuditEvent> | undefined;
  let joinable = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as VigilEvent;
    if (e.event.module !== "auditd") continue;
    const type = e.original.type;
    const created = type === "PATH" && e.original.nametype === "CREATE";
    const socket = type === "SOCKADDR" && (e.original.saddr_fam === "inet" || e.original.saddr_fam === "inet6");
    if (type !== "EXECVE" && type !== "SYSCALL" && type !== "CWD" && type !== "PROCTITLE" && !created && !socket) continue;
    const key = groupKey(e);
    if (key === undefined) continue;
    groups ??= new Map();
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { node: text(e.original.node) ?? "", created: [], sockets: [] }));
    if (type === "EXECVE") {
      if (group.execve === undefined) joinable++;
      group.execve ??= i;
    } else if (created || socket) {
      (created ? group.created : group.sockets).push(i);
      joinable++;
    } else if (type === "SYSCALL") group.syscall ??= e;
    else if (type === "PROCTITLE") group.proctitle ??= e;
    else group.cwd ??= e;
  }
  if (!groups) return events;
  // Without a memory, this batch's processes still name the parents seen in it.
  const mem = memory ?? { tenantId: "", recent: new RecentAuditRecords(0) };
  if (memory) {
    for (const [key, group] of groups) {
      if (group.syscall || group.cwd) memory.recent.remember(memory.tenantId, key, group);
      if ((group.execve === undefined && group.created.length === 0 && group.sockets.length === 0) || (group.syscall && group.cwd)) continue;
      const earlier = memory.recent.find(memory.tenantId, key);
      group.syscall ??= earlier?.syscall;
      group.cwd ??= earlier?.cwd;
    }
  }
  const out = joinable === 0 ? undefined : events.slice();
  // In the order the events were logged: a parent's records come before its child's start.
  for (const group of groups.values()) {
    const s = group.syscall?.original;
    const pid = text(s?.pid);
    if (group.execve !== undefined && out) {
      const ppid = text(s?.ppid);
      const parent = ppid === undefined ? undefined : mem.recent.process(mem.tenantId, group.node, ppid);
      const start = processStart(out[group.execve] as VigilEvent, group.syscall, group.cwd, parent);
      out[group.execve] = start;
      if (pid !== undefined) mem.recent.rememberProcess(mem.tenantId, group.node, pid, compact({ image: text(s?.exe), commandLine: start.process?.command_line }) ?? {}, true);
    } else if (pid !== undefined && s !== undefined) {
      mem.recent.rememberProcess(mem.tenantId, group.node, pid, compact({ image: text(s.exe), commandLine: text(group.proctitle?.original.proctitle) }) ?? {}, false);
    }
    if (!out) continue;
    for (const i of group.created) out[i] = fileCreation(out[i] as VigilEvent, group.syscall, group.cwd);
    if (connected(group.syscall)) for (const i of group.sockets) out[i] = networkConnection(out[i] as VigilEvent, group.syscall);
  }
  if (!out) return events;
  return out;
}
