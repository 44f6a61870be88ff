// What a Windows event id means: ECS action/category/outcome and OCSF class. Security ids only
// count on the Security channel (an Application-log 4625 from EventSystem is no failed logon).
import type { EventOutcome } from "@vigil/schema";
import { OCSF } from "../linux/ocsf";

export interface WindowsMeaning {
  action: string;
  category: string;
  outcome?: EventOutcome;
  ocsf?: number;
  /** Whose name goes in user.name: the logon target, the acting subject, or a group change. */
  user?: "target" | "subject" | "group";
}

const A = OCSF.authentication;
const ACC = OCSF.accountChange;
const G = OCSF.groupManagement;

function m(action: string, category: string, ocsf: number | undefined, user: WindowsMeaning["user"], outcome?: EventOutcome): WindowsMeaning {
  return { action, category, ...(outcome ? { outcome } : {}), ...(ocsf ? { ocsf } : {}), ...(user ? { user } : {}) };
}

export const SECURITY: Record<string, WindowsMeaning> = {
  "4624": m("logon", "authentication", A, "target", "success"),
  "4625": m("logon-failed", "authentication", A, "target", "failure"),
  "4634": m("logoff", "authentication", A, "target", "success"),
  "4647": m("logoff", "authentication", A, "target", "success"),
  "4648": m("explicit-credential-logon", "authentication", A, "subject", "success"),
  "4672": m("special-privileges-assigned", "iam", 3003, "subject", "success"),
  "4768": m("kerberos-tgt-requested", "authentication", A, "target"),
  "4769": m("kerberos-service-ticket-requested", "authentication", A, "target"),
  "4771": m("kerberos-preauth-failed", "authentication", A, "target", "failure"),
  "4776": m("credential-validated", "authentication", A, "target"),
  "4778": m("session-reconnected", "authentication", A, "subject", "success"),
  "4779": m("session-disconnected", "authentication", A, "subject", "success"),
  "4688": m("process-created", "process", OCSF.processActivity, "subject", "success"),
  "4689": m("process-terminated", "process", OCSF.processActivity, "subject", "success"),
  "4656": m("object-handle-requested", "file", OCSF.fileActivity, "subject"),
  "4663": m("object-access", "file", OCSF.fileActivity, "subject"),
  "5140": m("network-share-accessed", "file", OCSF.fileActivity, "subject"),
  "5145": m("network-share-checked", "file", OCSF.fileActivity, "subject"),
  "4697": m("service-installed", "configuration", OCSF.processActivity, "subject", "success"),
  "4698": m("scheduled-task-created", "configuration", 1006, "subject", "success"),
  "4699": m("scheduled-task-deleted", "configuration", 1006, "subject", "success"),
  "4700": m("scheduled-task-enabled", "configuration", 1006, "subject", "success"),
  "4701": m("scheduled-task-disabled", "configuration", 1006, "subject", "success"),
  "4702": m("scheduled-task-updated", "configuration", 1006, "subject", "success"),
  "4720": m("user-created", "iam", ACC, "subject", "success"),
  "4722": m("user-enabled", "iam", ACC, "subject", "success"),
  "4723": m("password-change-attempted", "iam", ACC, "subject"),
  "4724": m("password-reset", "iam", ACC, "subject"),
  "4725": m("user-disabled", "iam", ACC, "subject", "success"),
  "4726": m("user-deleted", "iam", ACC, "subject", "success"),
  "4738": m("user-changed", "iam", ACC, "subject", "success"),
  "4740": m("account-locked", "iam", ACC, "subject", "success"),
  "4767": m("account-unlocked", "iam", ACC, "subject", "success"),
  "4781": m("user-renamed", "iam", ACC, "subject", "success"),
  "1102": m("audit-log-cleared", "configuration", OCSF.eventLogActivity, "subject", "success"),
  "5156": m("connection-allowed", "network", OCSF.networkActivity, undefined, "success"),
  "5157": m("connection-blocked", "network", OCSF.networkActivity, undefined, "failure"),
};

const GROUP_EVENTS: Array<[string[], string]> = [
  [["4727", "4731", "4744", "4749", "4754", "4759"], "group-created"],
  [["4728", "4732", "4746", "4751", "4756", "4761"], "group-member-added"],
  [["4729", "4733", "4747", "4752", "4757", "4762"], "group-member-removed"],
  [["4730", "4734", "4748", "4753", "4758", "4763"], "group-deleted"],
  [["4735", "4737", "4745", "4750", "4755", "4760"], "group-changed"],
];
for (const [ids, action] of GROUP_EVENTS) for (const id of ids) SECURITY[id] = m(action, "iam", G, "group", "success");

export const SYSTEM: Record<string, WindowsMeaning> = {
  "104": m("log-cleared", "configuration", OCSF.eventLogActivity, "subject", "success"),
  "7045": m("service-installed", "configuration", OCSF.processActivity, undefined, "success"),
};

export const SYSMON: Record<string, WindowsMeaning> = {
  "1": m("process-created", "process", OCSF.processActivity, undefined, "success"),
  "2": m("file-creation-time-changed", "file", OCSF.fileActivity, undefined),
  "3": m("network-connection", "network", OCSF.networkActivity, undefined),
  "5": m("process-terminated", "process", OCSF.processActivity, undefined),
  "6": m("driver-loaded", "driver", 1005, undefined),
  "7": m("image-loaded", "process", 1005, undefined),
  "8": m("remote-thread-created", "process", OCSF.processActivity, undefined),
  "10": m("process-accessed", "process", OCSF.processActivity, undefined),
  "11": m("file-created", "file", OCSF.fileActivity, undefined),
  "12": m("registry-key-changed", "registry", OCSF.registryKeyActivity, undefined),
  "13": m("registry-value-set", "registry", OCSF.registryValueActivity, undefined),
  "14": m("registry-key-renamed", "registry", OCSF.registryKeyActivity, undefined),
  "15": m("file-stream-created", "file", OCSF.fileActivity, undefined),
  "17": m("pipe-created", "file", OCSF.fileActivity, undefined),
  "18": m("pipe-connected", "file", OCSF.fileActivity, undefined),
  "22": m("dns-query", "network", OCSF.dnsActivity, undefined),
  "23": m("file-deleted", "file", OCSF.fileActivity, undefined),
  "25": m("process-tampering", "process", OCSF.processActivity, undefined),
  "26": m("file-delete-detected", "file", OCSF.fileActivity, undefined),
};

export type WindowsSource = "security" | "sysmon" | "system" | "other";

export function windowsSource(channel: string | undefined, provider: string | undefined): WindowsSource {
  const c = channel?.toLowerCase();
  const p = provider?.toLowerCase();
  if (c === "microsoft-windows-sysmon/operational" || p === "microsoft-windows-sysmon") return "sysmon";
  if (c === "security" || p === "microsoft-windows-security-auditing" || (c === undefined && p === undefined)) return "security";
  if (c === "system") return "system";
  return "other";
}

export function windowsMeaning(source: WindowsSource, code: string | undefined): WindowsMeaning | undefined {
  if (code === undefined) return undefined;
  if (source === "sysmon") return SYSMON[code];
  if (source === "security") return SECURITY[code];
  if (source === "system") return SYSTEM[code];
  return undefined;
}
