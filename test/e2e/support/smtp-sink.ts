// A real SMTP server (smtp-server) that accepts everything and appends each message to a JSONL file,
// so test files running in other processes can read what was sent.
import { appendFileSync, writeFileSync } from "node:fs";
import { SMTPServer } from "smtp-server";

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
  receivedAt: string;
}

export async function startSmtpSink(port: number, file: string): Promise<{ close: () => Promise<void> }> {
  writeFileSync(file, "");
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const message: SinkMessage = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          receivedAt: new Date().toISOString(),
        };
        appendFileSync(file, `${JSON.stringify(message)}\n`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
