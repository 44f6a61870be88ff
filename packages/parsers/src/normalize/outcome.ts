import type { EventOutcome } from "@vigil/schema";

const SUCCESS = new Set(["success", "succeeded", "successful", "accepted", "allow", "allowed", "ok", "true", "pass", "passed"]);
const FAILURE = new Set(["failure", "failed", "fail", "denied", "deny", "rejected", "reject", "false", "error", "blocked"]);

export function toOutcome(value: unknown): EventOutcome | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value ? "success" : "failure";
  const word = String(value).trim().toLowerCase();
  if (SUCCESS.has(word)) return "success";
  if (FAILURE.has(word)) return "failure";
  return "unknown";
}

/** Windows Security event ids that carry an action and outcome on their own. */
const WINDOWS_EVENTS: Record<string, { action: string; outcome?: EventOutcome; category: string }> = {
  "4624": { action: "logon", outcome: "success", category: "authentication" },
  "4625": { action: "logon-failed", outcome: "failure", category: "authentication" },
  "4634": { action: "logoff", outcome: "success", category: "authentication" },
  "4663": { action: "object-access", category: "file" },
  "4740": { action: "account-locked", outcome: "success", category: "iam" },
};

export function windowsEvent(code: string | undefined) {
  return code === undefined ? undefined : WINDOWS_EVENTS[code];
}
