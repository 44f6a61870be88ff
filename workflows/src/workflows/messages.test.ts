import { describe, expect, it } from "vitest";
import { escalationNotification, formatDuration, primaryNotification } from "./messages";

const input = { tenantId: "t-1", incidentId: "i-1", title: "Impossible travel for bob", severity: "MEDIUM" as const };
const policy = { primaryEmail: "p@acme.test", secondaryEmail: "s@acme.test", ackTimeoutSeconds: 900 };

describe("notification wording", () => {
  it("formats durations for humans", () => {
    expect(formatDuration(1)).toBe("1 second");
    expect(formatDuration(90)).toBe("90 seconds");
    expect(formatDuration(900)).toBe("15 minutes");
    expect(formatDuration(86_400)).toBe("24 hours");
  });

  it("tells the primary what happened and when it escalates", () => {
    const n = primaryNotification(input, policy);
    expect(n.to).toBe("p@acme.test");
    expect(n.subject).toBe("[Vigil] MEDIUM incident: Impossible travel for bob");
    expect(n.text).toContain("Incident: i-1");
    expect(n.text).toContain("within 15 minutes, or it will be escalated to s@acme.test");
  });

  it("tells the secondary that the primary did not acknowledge", () => {
    const n = escalationNotification(input, policy);
    expect(n.to).toBe("s@acme.test");
    expect(n.subject).toMatch(/^\[Vigil\] ESCALATION: /);
    expect(n.text).toContain("not acknowledged by p@acme.test within 15 minutes");
  });
});
