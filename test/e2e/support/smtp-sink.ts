// The shared test SMTP server, with each message also appended to a JSONL file: the e2e global setup
// runs in another process than the test files, which read what was sent from that file.
import { appendFileSync, writeFileSync } from "node:fs";
import { startSmtpSink as startSharedSink } from "@vigil/workflows/testing";

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
  receivedAt: string;
}

export async function startSmtpSink(port: number, file: string): Promise<{ close: () => Promise<void> }> {
  writeFileSync(file, "");
  const sink = await startSharedSink({
    port,
    onMessage: ({ from, to, raw, receivedAt }) => {
      const message: SinkMessage = { from, to, raw, receivedAt: receivedAt.toISOString() };
      appendFileSync(file, `${JSON.stringify(message)}\n`);
    },
  });
  return { close: () => sink.close() };
}
