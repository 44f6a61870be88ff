import { MockActivityEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "../testing";
import type { RecordWorkflowStateInput } from "../types";
import { createActivities, createSmtpMailer, type Mailer } from "./index";

let sink: SmtpSink;
let mailer: Mailer;

beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createSmtpMailer({ host: sink.host, port: sink.port, from: "Vigil <alerts@vigil.test>" });
});
afterAll(async () => {
  mailer?.close();
  await sink?.close();
});

// MockActivityEnvironment.run loses the result type; keep it.
function inActivity<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> {
  return new MockActivityEnvironment().run(fn, ...args) as Promise<R>;
}

describe("createActivities", () => {
  it("sends notifications over SMTP and delegates policy and state to the injected functions", async () => {
    const recorded: RecordWorkflowStateInput[] = [];
    const activities = createActivities({
      loadEscalationPolicy: async (tenantId) =>
        tenantId === "t-1" ? { primaryEmail: "a@acme.test", secondaryEmail: "b@acme.test", ackTimeoutSeconds: 60 } : null,
      recordWorkflowState: async (input) => recorded.push(input),
      mailer,
    });

    expect(await inActivity(activities.loadEscalationPolicy, { tenantId: "t-1" })).toMatchObject({ primaryEmail: "a@acme.test" });
    expect(await inActivity(activities.loadEscalationPolicy, { tenantId: "t-2" })).toBeNull();

    const longTitle = "Brute force against the VPN gateway from 203.0.113.7 with many usernames attempted überall";
    const text = `line one\n${"x".repeat(120)}\nTitle: ${longTitle}`;
    const sent = await inActivity(activities.sendNotification, { to: "a@acme.test", subject: `[Vigil] HIGH incident: ${longTitle}`, text });
    expect(sent.messageId).toMatch(/@/);
    const mail = await sink.waitFor((m) => m.to.includes("a@acme.test"));
    expect(mail.from).toBe("alerts@vigil.test");
    expect(mail.text).toBe(text);
    expect(mail.subject).toBe(`[Vigil] HIGH incident: ${longTitle}`);

    await inActivity(activities.recordWorkflowState, { tenantId: "t-1", incidentId: "i-1", state: "notified", workflowId: "incident-i-1" });
    expect(recorded).toEqual([{ tenantId: "t-1", incidentId: "i-1", state: "notified", workflowId: "incident-i-1" }]);
  });

  it("fails the activity (so Temporal retries) when the SMTP server is unreachable", async () => {
    const dead = createSmtpMailer({ host: "127.0.0.1", port: 1, from: "x@vigil.test" });
    const activities = createActivities({ loadEscalationPolicy: async () => null, recordWorkflowState: async () => undefined, mailer: dead });
    await expect(inActivity(activities.sendNotification, { to: "a@acme.test", subject: "s", text: "t" })).rejects.toThrow(/ECONNREFUSED/);
    dead.close();
  });
});
