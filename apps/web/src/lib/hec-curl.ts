/** The ready-to-paste Splunk HEC command for a token (shell-quoted body, no trailing slash on the URL). */
export function hecCurl(ingestUrl: string, token: string): string {
  const base = ingestUrl.replace(/\/+$/, "");
  const event = JSON.stringify({
    event: { action: "user_login", outcome: "failure", user: "alice", src_ip: "203.0.113.7" },
    sourcetype: "vigil:demo",
  });
  return `curl -H "Authorization: Splunk ${token}" ${base}/services/collector/event -d '${event}'`;
}
