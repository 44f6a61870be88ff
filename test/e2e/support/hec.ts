// Sends events the way a Splunk HEC client does (several JSON envelopes in one body).
export async function sendHec(ingestUrl: string, token: string, events: Record<string, unknown>[]): Promise<Response> {
  const now = Date.now() / 1000;
  const body = events.map((event, i) => JSON.stringify({ time: now - (events.length - i), sourcetype: "vigil:e2e", event })).join("\n");
  return fetch(`${ingestUrl}/services/collector/event`, {
    method: "POST",
    headers: { Authorization: `Splunk ${token}`, "Content-Type": "application/json" },
    body,
  });
}

/** 6 failed logins for one user from one IP, then a success, then access to a confidential file. */
export function compromisedAccountScenario(user: string, ip: string): Record<string, unknown>[] {
  // `attempt` keeps each raw event distinct: event ids are a hash of the raw text, replays are dropped.
  const login = (outcome: string, attempt: number) => ({
    event: { action: "user_login", category: "authentication", outcome },
    user: { name: user },
    source: { ip },
    host: { name: "vpn-gw-1" },
    attempt,
  });
  return [
    ...Array.from({ length: 6 }, (_, i) => login("failure", i + 1)),
    login("success", 7),
    { event: { action: "file_read", category: "file_access", outcome: "success" }, user: { name: user }, source: { ip }, host: { name: "fs-01" }, file: { path: "/srv/share/confidential/payroll-2026.xlsx" } },
  ];
}
