// Linux audit records (auditd): lines of /var/log/audit/audit.log, the same forwarded by
// audisp-syslog or rsyslog (syslog content), and the kernel's own `audit:` console lines.
//   node=web-1 type=EXECVE msg=audit(1700000000.123:4242): argc=2 a0="cat" a1="/etc/shadow"
//   type=USER_LOGIN msg=audit(...): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=ssh res=failed'
//   audit: type=1400 audit(1700000000.123:77): apparmor="DENIED" operation="open" ...
// Every record is one event: SigmaHQ's auditd rules match one record's fields (`type`, `a0`,
// `exe`, `name`, `SYSCALL`, ...). Fields keep auditd's names in `original`, decoded the way
// ausearch -i shows them: values auditd wrote in hex (arguments and paths with spaces, quotes or
// control characters) are decoded, long EXECVE arguments (`a1[0]`, `a1[1]`, ...) joined, the
// userspace message of USER_* records (msg='...') flattened, and the syscall named (`SYSCALL`,
// as auditd's enriched format writes it) when the record has only its x86_64 number.
// The records of one audit event (SYSCALL, EXECVE, PATH, PROCTITLE sharing a serial) are not
// joined: each keeps its own fields, as SigmaHQ's rules expect.
import type { EcsFields } from "../../format/component";
import { basename, compact, toInt, toIp } from "../../format/util";
import { OCSF } from "./ocsf";

/** Optional kernel clock and `audit:` prefix, optional node, the type, the audit(time:serial) stamp. */
const HEAD = /^(?:\[\s*\d+\.\d+\]\s*)?(?:audit:\s+)?(?:node=(\S+) )?type=([A-Za-z0-9_]+) (?:msg=)?audit\((\d{1,12})\.(\d{1,3}):(\d{1,20})\):?\s*/;

export function isAuditd(message: string): boolean {
  return HEAD.test(message);
}

/** Kernel console lines give the record type as a number (include/uapi/linux/audit.h, libaudit.h). */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  1006: "LOGIN", 1100: "USER_AUTH", 1101: "USER_ACCT", 1102: "USER_MGMT", 1103: "CRED_ACQ", 1104: "CRED_DISP",
  1105: "USER_START", 1106: "USER_END", 1107: "USER_AVC", 1108: "USER_CHAUTHTOK", 1109: "USER_ERR", 1110: "CRED_REFR",
  1111: "USR_LOGOUT", 1112: "USER_LOGIN", 1113: "USER_LOGOUT", 1114: "ADD_USER", 1115: "DEL_USER", 1116: "ADD_GROUP",
  1117: "DEL_GROUP", 1123: "USER_CMD", 1130: "SERVICE_START", 1131: "SERVICE_STOP", 1300: "SYSCALL", 1302: "PATH",
  1303: "IPC", 1304: "SOCKETCALL", 1305: "CONFIG_CHANGE", 1306: "SOCKADDR", 1307: "CWD", 1309: "EXECVE",
  1320: "EOE", 1325: "NETFILTER_CFG", 1326: "SECCOMP", 1327: "PROCTITLE", 1400: "AVC", 1700: "ANOM_PROMISCUOUS",
  1701: "ANOM_ABEND",
};

/**
 * x86_64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl): 0-126 and the later ones the
 * audit rules of SigmaHQ and common baselines watch. A number not listed stays a number.
 */
const X86_64_SYSCALLS: readonly string[] = (() => {
  const low = ("read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction rt_sigprocmask " +
    "rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select sched_yield mremap msync mincore madvise shmget " +
    "shmat shmctl dup dup2 pause nanosleep getitimer alarm setitimer getpid sendfile socket connect accept sendto " +
    "recvfrom sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair setsockopt getsockopt clone fork " +
    "vfork execve exit wait4 kill uname semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl flock fsync " +
    "fdatasync truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink symlink readlink " +
    "chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo times ptrace getuid syslog getgid " +
    "setuid setgid geteuid getegid setpgid getppid getpgrp setsid setreuid setregid getgroups setgroups setresuid " +
    "getresuid setresgid getresgid getpgid setfsuid setfsgid getsid capget capset").split(" ");
  const table: string[] = [...low];
  const later: Record<number, string> = {
    133: "mknod", 157: "prctl", 161: "chroot", 165: "mount", 166: "umount2", 167: "swapon", 168: "swapoff", 169: "reboot",
    170: "sethostname", 171: "setdomainname", 175: "init_module", 176: "delete_module", 188: "setxattr", 217: "getdents64",
    257: "openat", 258: "mkdirat", 259: "mknodat", 260: "fchownat", 263: "unlinkat", 264: "renameat", 265: "linkat",
    266: "symlinkat", 268: "fchmodat", 269: "faccessat", 288: "accept4", 308: "setns", 310: "process_vm_readv",
    311: "process_vm_writev", 313: "finit_module", 316: "renameat2", 319: "memfd_create", 321: "bpf", 322: "execveat",
  };
  for (const [n, name] of Object.entries(later)) table[Number(n)] = name;
  return table;
})();

const X86_64 = "c000003e";

/** Fields auditd writes in hex (without quotes) when the value holds a space, quote or control character. */
const HEX_FIELDS = new Set(["comm", "exe", "name", "cwd", "proctitle", "path", "cmd", "acct", "key", "data", "ocomm", "new", "old"]);
const HEX = /^(?:[0-9A-F]{2})+$/;
const EXECVE_ARG = /^a\d+(?:\[\d+\])?$/;

function decodeHex(value: string): string {
  const text = Buffer.from(value, "hex").toString("utf8");
  // proctitle separates the arguments with NUL, audit keys with \x01. PostgreSQL stores no NUL
  // anywhere, so a hostile value's NULs become spaces too.
  let end = text.length;
  while (end > 0 && (text[end - 1] === "\0" || text[end - 1] === "\x01")) end--;
  return text.slice(0, end).replaceAll("\0", " ").replaceAll("\x01", " ");
}

/** key=value pairs from `from` to `to` (quoted, unquoted, or a nested '...' message, flattened). */
function readPairs(line: string, from: number, to: number, type: string, pairs: Record<string, string>): void {
  let i = from;
  while (i < to) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 0x1d || c === 9) { i++; continue; }
    const start = i;
    while (i < to && line[i] !== "=" && line[i] !== " " && line[i] !== "\x1d") i++;
    if (i === start) {
      i++; // a stray "=": skip it
      continue;
    }
    if (line[i] !== "=") continue; // a bare word (AVC's "{ read }", "avc:  denied")
    const key = line.slice(start, i++);
    let value: string;
    let quoted = false;
    const open = line[i];
    if (open === '"' || open === "'") {
      const close = line.indexOf(open, i + 1);
      const end = close < 0 || close > to ? to : close;
      value = line.slice(i + 1, end);
      if (open === "'") readPairs(line, i + 1, end, type, pairs);
      quoted = true;
      i = end + 1;
    } else {
      const vs = i;
      while (i < to && line[i] !== " " && line[i] !== "\x1d") i++;
      value = line.slice(vs, i);
    }
    if (key in pairs) continue;
    if (!quoted && (HEX_FIELDS.has(key) || (type === "EXECVE" && EXECVE_ARG.test(key))) && HEX.test(value)) value = decodeHex(value);
    // The enriched format's SADDR={ saddr_fam=inet laddr=... }: its fields are read as pairs.
    if (value === "(null)" || value === "{" || (value === "?" && key !== "res")) continue;
    pairs[key] = value;
  }
}

/** 16 bytes as an IPv6 address, the longest run of zero groups compressed; an IPv4-mapped one as that IPv4 address. */
function ipv6(b: Buffer): string {
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const groups: string[] = [];
  for (let k = 0; k < 16; k += 2) groups.push(b.readUInt16BE(k).toString(16));
  let best = -1;
  let bestLength = 1;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== "0") { k++; continue; }
    let end = k;
    while (end < 8 && groups[end] === "0") end++;
    if (end - k > bestLength) [best, bestLength] = [k, end - k];
    k = end;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLength).join(":")}`;
}

/**
 * A SOCKADDR record's `saddr` (a struct sockaddr in hex) as `ausearch -i` shows it: `saddr_fam`
 * and, for inet/inet6, `laddr` and `lport`, for a local socket its `path`. The enriched format
 * already names them (SADDR={ saddr_fam=inet laddr=... lport=... }).
 */
function decodeSockaddr(pairs: Record<string, string>): void {
  const hex = pairs.saddr;
  if (pairs.saddr_fam !== undefined || hex === undefined || hex.length < 4 || !HEX.test(hex)) return;
  const b = Buffer.from(hex, "hex");
  const family = b.readUInt16LE(0);
  if (family === 2 && b.length >= 8) {
    Object.assign(pairs, { saddr_fam: "inet", laddr: `${b[4]}.${b[5]}.${b[6]}.${b[7]}`, lport: String(b.readUInt16BE(2)) });
  } else if (family === 10 && b.length >= 24) {
    Object.assign(pairs, { saddr_fam: "inet6", laddr: ipv6(b.subarray(8, 24)), lport: String(b.readUInt16BE(2)) });
  } else if (family === 1) {
    // An abstract socket's name starts with a NUL; a path ends at its first one.
    const name = b.subarray(b[2] === 0 ? 3 : 2);
    const end = name.indexOf(0);
    pairs.saddr_fam = "local";
    const path = name.subarray(0, end < 0 ? name.length : end).toString("utf8");
    if (path !== "") pairs.path ??= path;
  } else if (family === 16) pairs.saddr_fam = "netlink";
}

/** EXECVE's arguments in order; a long one comes as a1_len=N a1[0]=... a1[1]=... and is joined. */
function execveArgs(pairs: Record<string, string>): string[] {
  const argc = toInt(pairs.argc) ?? 0;
  const args: string[] = [];
  for (let n = 0; n < Math.min(argc, 10_000); n++) {
    let arg = pairs[`a${n}`];
    if (arg === undefined && pairs[`a${n}_len`] !== undefined) {
      arg = "";
      for (let k = 0; pairs[`a${n}[${k}]`] !== undefined; k++) {
        arg += pairs[`a${n}[${k}]`];
        delete pairs[`a${n}[${k}]`];
      }
      pairs[`a${n}`] = arg;
    }
    if (arg === undefined) break;
    args.push(arg);
  }
  return args;
}

const AUTH_TYPES = new Set(["USER_LOGIN", "USER_AUTH", "USER_ERR", "LOGIN", "USER_LOGOUT", "USR_LOGOUT", "USER_ACCT", "USER_START", "USER_END", "CRED_ACQ", "CRED_DISP", "CRED_REFR"]);
const IAM_TYPES = new Set(["ADD_USER", "DEL_USER", "USER_MGMT", "ADD_GROUP", "DEL_GROUP", "GRP_MGMT", "USER_CHAUTHTOK", "ACCT_LOCK", "ACCT_UNLOCK"]);

function outcomeOf(p: Record<string, string>): "success" | "failure" | undefined {
  const v = p.success ?? p.res;
  if (v === undefined) return undefined;
  if (v === "yes" || v === "success" || v === "1") return "success";
  if (v === "no" || v === "failed" || v === "0") return "failure";
  return undefined;
}

function sections(type: string, p: Record<string, string>, node: string | undefined, args: string[]): EcsFields {
  const syscall = p.SYSCALL;
  const exec = type === "EXECVE" || (type === "SYSCALL" && (syscall === "execve" || syscall === "execveat"));
  const auth = AUTH_TYPES.has(type);
  const iam = IAM_TYPES.has(type);
  const file = type === "PATH" || type === "CWD";
  const category = exec || type === "USER_CMD" || type === "SERVICE_START" || type === "SERVICE_STOP" ? "process" : auth ? "authentication" : iam ? "iam" : file ? "file" : undefined;
  const commandLine = type === "EXECVE" ? args.join(" ") : type === "USER_CMD" ? p.cmd : type === "PROCTITLE" ? p.proctitle : undefined;
  // USER_* messages name the account in `acct`; enriched records name the ids (UID="alice").
  const userName = iam ? p.AUID : (p.acct ?? p.UID ?? p.AUID);
  const addr = toIp(p.addr);
  return {
    event: compact({
      action: type.toLowerCase(),
      category,
      type: type === "SERVICE_START" ? "start" : type === "SERVICE_STOP" ? "end" : type === "AVC" && /denied/i.test(p.apparmor ?? p.seresult ?? "denied") ? "denied" : exec ? "start" : undefined,
      outcome: outcomeOf(p),
      module: "auditd",
    })!,
    user: compact({
      name: userName,
      id: p.uid,
      target: iam ? compact({ name: p.acct, id: p.id }) : undefined,
    }),
    process: compact({
      pid: toInt(p.pid),
      parent: compact({ pid: toInt(p.ppid) }),
      executable: p.exe,
      name: p.comm ?? basename(p.exe),
      command_line: commandLine,
    }),
    host: compact({ name: node }),
    source: compact({ ip: addr, address: addr === undefined ? p.hostname : undefined }),
    file: file ? compact({ path: p.name ?? p.cwd, name: basename(p.name) }) : undefined,
    ocsf: category === "process" ? { class_uid: OCSF.processActivity } : auth ? { class_uid: OCSF.authentication } : iam ? { class_uid: OCSF.accountChange } : file ? { class_uid: OCSF.fileActivity } : undefined,
  };
}

/** One audit record, or undefined when `message` is not one. */
export function auditdRecord(message: string): { time: Date; original: Record<string, unknown>; fields: EcsFields } | undefined {
  const head = HEAD.exec(message);
  if (!head) return undefined;
  const [stamp, node, rawType, seconds, millis, serial] = head as unknown as [string, string | undefined, string, string, string, string];
  const type = TYPE_NAMES[rawType] ?? rawType.toUpperCase();
  // No prototype: a record may name a key "__proto__" or "constructor".
  const pairs = Object.create(null) as Record<string, string>;
  readPairs(message, stamp.length, message.length, type, pairs);
  const args = type === "EXECVE" ? execveArgs(pairs) : [];
  if (type === "SOCKADDR") decodeSockaddr(pairs);
  if (pairs.SYSCALL === undefined && pairs.arch === X86_64 && pairs.syscall !== undefined) {
    const name = X86_64_SYSCALLS[Number(pairs.syscall)];
    if (name !== undefined) pairs.SYSCALL = name;
  }
  const time = new Date(Number(seconds) * 1000 + Number(millis.padEnd(3, "0")));
  const original: Record<string, unknown> = { type, msg: `audit(${seconds}.${millis}:${serial})`, ...(node === undefined ? {} : { node }), ...pairs };
  return { time, original, fields: sections(type, pairs, node, args) };
}
