// iptables/nftables LOG target lines: "[prefix] IN=eth0 OUT= MAC=.. SRC=.. DST=.. PROTO=TCP SPT=.. DPT=..".
import type { EcsFields } from "../../format/component";
import { compact, toInt, toIp, toPort } from "../../format/util";
import { OCSF } from "./ocsf";

const MARKER = /(?:^|\s)IN=(\S*) OUT=/;
const KERNEL_CLOCK = /^\[\s*\d+\.\d+\]\s*/;

export function isNetfilter(message: string): boolean {
  return MARKER.test(message);
}

/** KEY=VALUE pairs and bare flags ("DF", "SYN") after the log prefix. */
export function netfilterPairs(message: string): { prefix: string; pairs: Record<string, string> } {
  const start = message.search(MARKER);
  const at = message[start] === "I" ? start : start + 1;
  const prefix = message.slice(0, at).replace(KERNEL_CLOCK, "").trim();
  const pairs: Record<string, string> = {};
  for (const token of message.slice(at).split(/\s+/)) {
    if (token === "") continue;
    const eq = token.indexOf("=");
    if (eq < 0) pairs[token] = "true";
    else if (!(token.slice(0, eq) in pairs)) pairs[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return { prefix, pairs };
}

const DENIED = /drop|block|reject|deny|denied/i;
const ALLOWED = /accept|allow|pass/i;

export function netfilterFields(message: string): { original: Record<string, unknown>; fields: EcsFields } {
  const { prefix, pairs: p } = netfilterPairs(message);
  const verdict = DENIED.test(prefix) ? "denied" : ALLOWED.test(prefix) ? "allowed" : undefined;
  const fields: EcsFields = {
    event: compact({ action: prefix.replace(/^\[|\]$/g, "").trim() || "netfilter", category: "network", type: verdict, module: "iptables" })!,
    source: compact({ ip: toIp(p.SRC), port: toPort(p.SPT), mac: p.MAC || undefined }),
    destination: compact({ ip: toIp(p.DST), port: toPort(p.DPT) }),
    network: compact({
      transport: p.PROTO?.toLowerCase(),
      bytes: toInt(p.LEN),
      interface: compact({ in: p.IN || undefined, out: p.OUT || undefined }),
    }),
    ocsf: { class_uid: OCSF.networkActivity },
  };
  return { original: { ...p, ...(prefix ? { prefix } : {}) }, fields };
}
