// Activities of the response workflow. Database work is injected (the worker wires
// @vigil/services), so this package never depends on the services that signal it.
import { log } from "@temporalio/activity";
import type { EscalationPolicy, RecordWorkflowStateInput, ResponseActivities } from "../types";
import type { Mailer } from "./mailer";

export { createSmtpMailer, smtpConfigFromEnv, type Mailer, type SmtpConfig } from "./mailer";

export interface ActivityDeps {
  loadEscalationPolicy(tenantId: string): Promise<EscalationPolicy | null>;
  recordWorkflowState(input: RecordWorkflowStateInput): Promise<unknown>;
  mailer: Mailer;
}

export function createActivities(deps: ActivityDeps): ResponseActivities {
  return {
    async loadEscalationPolicy({ tenantId }) {
      return deps.loadEscalationPolicy(tenantId);
    },
    async sendNotification(message) {
      const { messageId } = await deps.mailer.send(message);
      log.info("notification sent", { to: message.to, subject: message.subject, messageId });
      return { messageId };
    },
    async recordWorkflowState(input) {
      await deps.recordWorkflowState(input);
    },
  };
}
