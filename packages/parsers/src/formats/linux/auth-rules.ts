// Linux auth/secure content: sshd, pam_unix, sudo, su, useradd/usermod/groupadd/userdel.
// Each rule is a regex with named groups and the event it describes; the first match wins.
import type { EcsFields } from "../../format/component";
import { compact, toIp, toPort } from "../../format/util";
import { OCSF } from "./ocsf";

type Groups = Record<string, string | undefined>;

export interface AuthRule {
  /** Program names (syslog APP-NAME) the rule applies to; undefined = any. */
  apps?: RegExp;
  pattern: RegExp;
  fields(g: Groups): EcsFields;
}

const AUTH = { category: "authentication", ocsf: OCSF.authentication };
const MODULE = "linux-auth";

function endpoint(addr: string | undefined, port?: string) {
  const ip = toIp(addr);
  return compact({ ip, address: addr, domain: ip === undefined ? addr : undefined, port: toPort(port) });
}

function auth(action: string, outcome: "success" | "failure" | undefined, g: Groups): EcsFields {
  return {
    event: compact({ action, outcome, category: AUTH.category, module: MODULE })!,
    user: compact({ name: g.user }),
    source: endpoint(g.addr, g.port),
    ocsf: { class_uid: AUTH.ocsf },
  };
}

function iam(action: string, g: Groups, ocsf: number = OCSF.accountChange): EcsFields {
  return {
    event: { action, outcome: "success", category: "iam", module: MODULE },
    user: compact({ name: g.actor, target: compact({ name: g.target, id: g.uid }) }),
    group: compact({ name: g.group, id: g.gid }),
    ocsf: { class_uid: ocsf },
  };
}

const SSHD = /^sshd$/;
const FROM = String.raw`from (?<addr>\S+)(?: port (?<port>\d+))?`;

export const AUTH_RULES: AuthRule[] = [
  { apps: SSHD, pattern: new RegExp(String.raw`^Accepted (?<method>[\w/@.-]+) for (?<user>\S+) ${FROM}`), fields: (g) => auth("ssh_login", "success", g) },
  { apps: SSHD, pattern: new RegExp(String.raw`^Failed (?<method>[\w/@.-]+) for (?:invalid user )?(?<user>.*?) ${FROM}`), fields: (g) => auth("ssh_login", "failure", g) },
  { apps: SSHD, pattern: new RegExp(String.raw`^[Ii]nvalid user (?<user>.*?) ${FROM}`), fields: (g) => auth("invalid_user", "failure", g) },
  { apps: SSHD, pattern: new RegExp(String.raw`^error: maximum authentication attempts exceeded for (?:invalid user )?(?<user>\S+) ${FROM}`), fields: (g) => auth("ssh_login", "failure", g) },
  { apps: SSHD, pattern: /^Connection closed by (?:(?:authenticating|invalid) user (?<user>\S+) )?(?<addr>\S+)(?: port (?<port>\d+))?/, fields: (g) => auth("connection_closed", undefined, g) },
  { apps: SSHD, pattern: /^Disconnected from (?:(?:authenticating |invalid )?user (?<user>\S+) )?(?<addr>\S+)(?: port (?<port>\d+))?/, fields: (g) => auth("disconnected", undefined, g) },
  { apps: SSHD, pattern: /^(?:error: )?Received disconnect from (?<addr>[^\s:]+(?::[^\s:]+)*?)(?: port (?<port>\d+))?:/, fields: (g) => auth("disconnected", undefined, g) },
  { apps: SSHD, pattern: /^input_userauth_request: invalid user (?<user>.*?) \[preauth\]$/, fields: (g) => auth("invalid_user", "failure", g) },
  { pattern: /^PAM \d+ more authentication failures?; .*?rhost=(?<addr>\S*)(?:\s+user=(?<user>\S+))?/, fields: (g) => auth("authentication_failure", "failure", g) },
  { pattern: /(?:^|\): )check pass; user unknown$/, fields: (g) => auth("unknown_user", "failure", g) },
  { apps: /^(ftpd|vsftpd|proftpd)$/, pattern: /^connection from (?<addr>\S+) \(/, fields: (g) => auth("ftp_connection", undefined, g) },
  { apps: /^klogind$/, pattern: /^Authentication failed from (?<addr>\S+)|^Kerberos authentication failed/, fields: (g) => auth("kerberos_login", "failure", g) },
  { apps: SSHD, pattern: /^reverse mapping checking getaddrinfo for \S+ \[(?<addr>[^\]]+)\] failed/, fields: (g) => auth("reverse_mapping_failed", undefined, g) },
  { apps: SSHD, pattern: /^Did not receive identification string from (?<addr>\S+)/, fields: (g) => auth("no_identification", "failure", g) },
  {
    pattern: /(?:^|\): )authentication failure; .*?rhost=(?<addr>\S*)(?:\s+user=(?<user>\S+))?/,
    fields: (g) => auth("authentication_failure", "failure", g),
  },
  { pattern: /session opened for user (?<user>[^\s(]+)/, fields: (g) => auth("session_opened", "success", g) },
  { pattern: /session closed for user (?<user>[^\s(]+)/, fields: (g) => auth("session_closed", "success", g) },
  {
    apps: /^sudo$/,
    pattern: /^\s*(?<actor>\S+) : (?:(?<problem>[^;]*?) ; )?TTY=(?<tty>\S+) ; PWD=(?<pwd>.*?) ; USER=(?<target>\S+) ;(?: [A-Z]+=\S* ;)* COMMAND=(?<command>.*)$/,
    fields: (g) => ({
      event: { action: "sudo", outcome: g.problem ? "failure" : "success", category: "process", module: MODULE },
      user: compact({ name: g.actor, target: compact({ name: g.target }) }),
      process: compact({ command_line: g.command }),
      ocsf: { class_uid: OCSF.processActivity },
    }),
  },
  {
    apps: /^su$/,
    pattern: /^(?<result>Successful su|FAILED SU|FAILED su) for (?<target>\S+) by (?<actor>\S+)/,
    fields: (g) => ({ ...iam("su", g), event: { action: "su", outcome: g.result?.startsWith("Succ") ? "success" : "failure", category: "authentication", module: MODULE }, ocsf: { class_uid: OCSF.authentication } }),
  },
  {
    apps: /^su$/,
    pattern: /^(?<result>FAILED SU )?\(to (?<target>\S+)\) (?<actor>\S+) on /,
    fields: (g) => ({ ...iam("su", g), event: { action: "su", outcome: g.result ? "failure" : "success", category: "authentication", module: MODULE }, ocsf: { class_uid: OCSF.authentication } }),
  },
  {
    apps: /^su$/,
    pattern: /^(?<result>[+-]) \S+ (?<actor>[^:\s]+):(?<target>\S+)$/,
    fields: (g) => ({ ...iam("su", g), event: { action: "su", outcome: g.result === "+" ? "success" : "failure", category: "authentication", module: MODULE }, ocsf: { class_uid: OCSF.authentication } }),
  },
  { apps: /^useradd$/, pattern: /^new user: name=(?<target>[^,]+), UID=(?<uid>\d+)/, fields: (g) => iam("user_created", g) },
  { apps: /^(useradd|groupadd)$/, pattern: /^(?:new group|group added to \/etc\/group): name=(?<group>[^,]+), GID=(?<gid>\d+)/, fields: (g) => iam("group_created", g, OCSF.groupManagement) },
  { apps: /^(useradd|usermod)$/, pattern: /^add '(?<target>[^']+)' to (?:shadow )?group '(?<group>[^']+)'/, fields: (g) => iam("group_member_added", g, OCSF.groupManagement) },
  { apps: /^usermod$/, pattern: /^(?<verb>change|lock|unlock) user '(?<target>[^']+)'/, fields: (g) => iam(`user_${g.verb === "change" ? "changed" : `${g.verb}ed`}`, g) },
  { apps: /^userdel$/, pattern: /^delete user '(?<target>[^']+)'/, fields: (g) => iam("user_deleted", g) },
  { pattern: /password changed for (?<target>\S+)/, fields: (g) => iam("password_changed", g) },
];
