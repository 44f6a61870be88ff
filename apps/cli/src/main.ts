// `vigil`: the analyst command line.
//   vigil hunt --rules <file|dir> <events.jsonl|json|dir> [--lists lists.json] [--json]
//   vigil rules check <dir|file> [--lists lists.json] [--json]
//   vigil rules import <dir|zip> --scope global|org|tenant [--org <id|name>] [--tenant <slug>] [--name <pack>] [--json]
//   vigil tenants quota <slug> [--events-per-sec N|default] [--bytes-per-sec N|default] [--json]
// Exit codes: 0 done, 1 usage error (bad arguments or paths, with a message), 2 internal error.
import { parseArgs, UsageError } from "./args";
import { hunt } from "./hunt";
import { checkRules, loadRulePath, printCheck, readLists, waitingWarning } from "./rules";
import { runRulesImport } from "./rules-import";
import { runTenants } from "./tenants";

const USAGE = `usage:
  vigil hunt --rules <file|dir> <events.jsonl|events.json|dir> [--lists lists.json] [--json]
  vigil rules check <dir|file> [--lists lists.json] [--json]
  (--lists: values of the rules' |expand placeholders, {"Name": ["value", ...]}; missing ones are empty)
  vigil rules import <dir|zip> --scope global|org|tenant [--org <id|name>] [--tenant <slug>] [--name <pack>] [--json]
  vigil tenants quota <slug> [--events-per-sec N|default] [--bytes-per-sec N|default] [--json]
  (a tenant's ingest quota override; without a value, prints it)`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function runHunt(argv: readonly string[]): void {
  const args = parseArgs(argv, ["rules", "lists"], ["json"]);
  const rulesPath = args.options.get("rules");
  if (!rulesPath) throw new UsageError("hunt needs --rules <file|dir>");
  if (args.positionals.length !== 1) throw new UsageError(`hunt needs exactly one events path (got ${args.positionals.length})`);
  const ruleSet = loadRulePath(rulesPath, readLists(args.options.get("lists")));
  if (ruleSet.errors.length > 0) err(`warning: ${ruleSet.errors.length} rules did not compile (see: vigil rules check ${rulesPath})`);
  const waiting = waitingWarning(ruleSet);
  if (waiting) err(waiting);
  if (ruleSet.rules.length === 0 && ruleSet.correlations.length === 0) throw new UsageError(`no rule in ${rulesPath} compiled`);
  hunt(ruleSet, args.positionals[0] as string, { json: args.flags.has("json"), out, err });
}

async function runRules(argv: readonly string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === "import") return runRulesImport(rest, out);
  if (sub !== "check") throw new UsageError(sub ? `unknown rules command "${sub}"` : "rules needs a command: check or import");
  const args = parseArgs(rest, ["lists"], ["json"]);
  if (args.positionals.length !== 1) throw new UsageError(`rules check needs exactly one rules path (got ${args.positionals.length})`);
  printCheck(checkRules(args.positionals[0] as string, readLists(args.options.get("lists"))), args.flags.has("json"), out);
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "hunt") runHunt(rest);
    else if (command === "rules") await runRules(rest);
    else if (command === "tenants") await runTenants(rest, out);
    else if (command === "--help" || command === "-h" || command === "help") out(USAGE);
    else throw new UsageError(command ? `unknown command "${command}"` : "missing command");
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`vigil: ${error.message}\n${USAGE}`);
      return 1;
    }
    err(`vigil: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
