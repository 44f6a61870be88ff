// Development SMTP sink: accepts every message on loopback and saves it as a .eml file.
// `npm start` runs it so escalation e-mails can be read without a real mail server.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SMTPServer } from "smtp-server";

const { values } = parseArgs({ options: { port: { type: "string", default: "2525" }, dir: { type: "string", default: ".vigil/mail" } } });
mkdirSync(values.dir, { recursive: true });
let count = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
      const subject = /^Subject: (.*)$/im.exec(body)?.[1] ?? "(no subject)";
      const file = join(values.dir, `${Date.now()}-${++count}.eml`);
      writeFileSync(file, body);
      process.stdout.write(`${new Date().toISOString()} mail to ${to}: ${subject} -> ${file}\n`);
      callback();
    });
  },
});
server.on("error", (err) => process.stderr.write(`smtp sink error: ${err.message}\n`));
server.listen(Number(values.port), "127.0.0.1", () => process.stdout.write(`smtp sink listening on 127.0.0.1:${values.port}\n`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => process.exit(0)));
