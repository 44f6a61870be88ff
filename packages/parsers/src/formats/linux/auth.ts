// Matches one syslog content against the Linux auth rules.
import type { EcsFields } from "../../format/component";
import type { AuthRule } from "./auth-rules";
import { AUTH_RULES } from "./auth-rules";

/** A rule anchored on a literal first word ("^Accepted ...") is skipped by a string compare. */
const INDEXED: Array<{ rule: AuthRule; first?: string }> = AUTH_RULES.map((rule) => {
  const literal = /^\^([A-Za-z_]+) /.exec(rule.pattern.source);
  return literal ? { rule, first: literal[1] } : { rule };
});

function firstWord(message: string): string {
  const space = message.indexOf(" ");
  return space < 0 ? message : message.slice(0, space);
}

/** "sshd(pam_unix)" -> "sshd", "/usr/sbin/sshd" -> "sshd". */
export function programName(appname: string | undefined): string {
  if (appname === undefined) return "";
  const base = appname.slice(appname.lastIndexOf("/") + 1);
  const paren = base.indexOf("(");
  return paren > 0 ? base.slice(0, paren) : base;
}

export function linuxAuthFields(appname: string | undefined, message: string): EcsFields | undefined {
  const program = programName(appname);
  const first = firstWord(message);
  for (const { rule, first: literal } of INDEXED) {
    if (literal !== undefined && literal !== first) continue;
    if (rule.apps && !rule.apps.test(program)) continue;
    const m = rule.pattern.exec(message);
    if (m) return rule.fields(m.groups ?? {});
  }
  return undefined;
}
