// Command-line arguments: positionals, `--flag` and `--option value`. Usage errors are typed so
// main prints a message (never a stack trace) and exits 1.
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string>;
}

/** `valued`: options that take a value (`--rules dir`); other `--x` are flags. */
export function parseArgs(argv: readonly string[], valued: readonly string[], known: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Set(), options: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--") || arg === "--") {
      out.positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      out.options.set(name, value);
    } else if (known.includes(name)) out.flags.add(name);
    else throw new UsageError(`unknown option --${name}`);
  }
  return out;
}
