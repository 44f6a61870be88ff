// Runs Vigil itself for `npm start`: migrate, seed the demo tenant, build the portal, start the apps.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, log, portOpen, run, runTee, startDaemon, waitForPort } from "./proc.mjs";
import { stopPids } from "./services.mjs";

/** The demo tenant's ingest token is generated once per checkout so the printed curl keeps working. */
function demoToken(dir) {
  const file = join(dir, "demo-ingest-token");
  if (!existsSync(file)) writeFileSync(file, `vgl_${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

export async function migrateAndSeed(env) {
  log("applying database migrations...");
  run("npm", ["run", "--silent", "db:migrate"], { env });
  log("seeding the demo organization...");
  const seeded = await runTee("npm", ["run", "--silent", "db:seed"], { env });
  if (seeded.code !== 0) throw new Error("seeding the demo organization failed (see above)");
  const last = seeded.output.trim().split("\n").pop() ?? "{}";
  return JSON.parse(last);
}

export function buildPortal(env) {
  log("building the portal (cached by turbo after the first time)...");
  run("npx", ["turbo", "run", "build", "--filter=@vigil/web", "--output-logs=errors-only"], { env });
}

/** Another process on an app's port would answer in its place (and hide our app's failure). */
async function assertPortsFree(ports) {
  for (const [name, port] of Object.entries(ports)) {
    if (await portOpen(port)) {
      throw new Error(`port ${port} (${name}) is already in use by another process: stop it or choose another port with VIGIL_${name.toUpperCase()}_PORT`);
    }
  }
}

export async function runApps({ profile, env, smtp }) {
  await assertPortsFree({ ingest: profile.ingestPort, web: profile.webPort });
  const demo = await migrateAndSeed({ ...env, VIGIL_DEMO_INGEST_TOKEN: demoToken(profile.dir) });
  buildPortal(env);
  const logDir = join(profile.dir, "logs");
  const appEnv = {
    ...env,
    VIGIL_INGEST_PORT: String(profile.ingestPort),
    VIGIL_WEB_PORT: String(profile.webPort),
    VIGIL_PUBLIC_INGEST_URL: `http://127.0.0.1:${profile.ingestPort}`,
  };
  const tsx = [process.execPath, ["--import", "tsx"]];
  const children = {
    ingest: startDaemon("ingest", tsx[0], [...tsx[1], "apps/ingest/src/main.ts"], { logDir, env: appEnv }),
    worker: startDaemon("worker", tsx[0], [...tsx[1], "apps/worker/src/main.ts"], { logDir, env: appEnv }),
    web: startDaemon("web", "npx", ["next", "start", "-H", "127.0.0.1", "-p", String(profile.webPort)], {
      logDir,
      env: appEnv,
      cwd: join(ROOT, "apps", "web"),
    }),
  };
  await waitForPort(profile.ingestPort, { what: "ingest", child: children.ingest });
  await waitForPort(profile.webPort, { what: "portal", child: children.web });
  const banner = renderBanner({ profile, demo, smtp, logDir });
  return {
    banner,
    pids: Object.values(children).map((c) => c.pid),
    stop: () => stopPids(Object.values(children).map((c) => c.pid)),
    onExit: (cb) => Object.entries(children).forEach(([name, c]) => c.on("exit", (code) => cb(name, code))),
  };
}

function renderBanner({ profile, demo, smtp, logDir }) {
  const ingest = `http://127.0.0.1:${profile.ingestPort}`;
  const token = demo.ingestToken ?? "<your ingest token>";
  const failure = '{"event":{"action":"logon","outcome":"failure","user":"alice","src_ip":"203.0.113.7"},"host":"web-01","sourcetype":"auth"}';
  return `
  Vigil is running.

  Portal        http://127.0.0.1:${profile.webPort}
  Demo login    ${demo.email ?? "demo@vigil.local"} / ${demo.password ?? "vigil-demo-2026"}
  Ingest (HEC)  ${ingest}/services/collector/event
  Temporal UI   http://127.0.0.1:${profile.temporalUiPort}
  Mail (SMTP)   ${smtp.mailDir ? `sink on :${smtp.port}, messages in ${smtp.mailDir}` : `${smtp.host}:${smtp.port}`}
  Logs          ${logDir}

  Send six failed logins (the brute-force rule fires, an incident opens, on-call is e-mailed):

    for i in 1 2 3 4 5 6; do
      curl -s ${ingest}/services/collector/event -H "Authorization: Splunk ${token}" \\
        -d '${failure}'; echo
    done

  Stop with Ctrl-C (or \`npm stop\` from another terminal).
`;
}
