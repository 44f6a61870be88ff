// E-mail wording for the response workflow. Pure functions: they run inside the workflow sandbox.
import type { EscalationPolicy, IncidentResponseInput, IncidentSeverity, Notification, SeverityRaisedPayload } from "../types";

const SEVERITIES: readonly IncidentSeverity[] = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

export function severityRank(severity: IncidentSeverity): number {
  return SEVERITIES.indexOf(severity);
}

export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 3600)} hours`;
}

function incidentLines(input: IncidentResponseInput): string {
  return [`Title:    ${input.title}`, `Severity: ${input.severity}`, `Incident: ${input.incidentId}`, `Tenant:   ${input.tenantId}`].join("\n");
}

export function primaryNotification(input: IncidentResponseInput, policy: EscalationPolicy): Notification {
  return {
    to: policy.primaryEmail,
    subject: `[Vigil] ${input.severity} incident: ${input.title}`,
    text: [
      `A ${input.severity} incident was opened in Vigil.`,
      "",
      incidentLines(input),
      "",
      `Acknowledge it in the Vigil portal within ${formatDuration(policy.ackTimeoutSeconds)}, ` +
        `or it will be escalated to ${policy.secondaryEmail}.`,
    ].join("\n"),
  };
}

export function escalationNotification(input: IncidentResponseInput, policy: EscalationPolicy): Notification {
  return {
    to: policy.secondaryEmail,
    subject: `[Vigil] ESCALATION: ${input.severity} incident not acknowledged: ${input.title}`,
    text: [
      `ESCALATION: this ${input.severity} incident was not acknowledged by ${policy.primaryEmail} ` +
        `within ${formatDuration(policy.ackTimeoutSeconds)} and has been escalated to you.`,
      "",
      incidentLines(input),
      "",
      "Please acknowledge it in the Vigil portal.",
    ].join("\n"),
  };
}

export function raisedNotification(input: IncidentResponseInput, from: IncidentSeverity, raise: SeverityRaisedPayload, to: string): Notification {
  return {
    to,
    subject: `[Vigil] Incident raised to ${raise.severity}: ${input.title}`,
    text: [
      `An unacknowledged incident in Vigil was raised from ${from} to ${raise.severity}: a more severe alert joined it.`,
      "",
      `New alert: ${raise.alertTitle}`,
      "",
      incidentLines({ ...input, severity: raise.severity }),
      "",
      "Please acknowledge it in the Vigil portal.",
    ].join("\n"),
  };
}
