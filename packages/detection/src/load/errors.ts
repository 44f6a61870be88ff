/** A rule that cannot be loaded: says which file, where in it, and why. */
export class SigmaRuleError extends Error {
  constructor(
    readonly file: string,
    /** YAML path, e.g. "detection.selection.CommandLine|contains". */
    readonly path: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
    /** Stable code for the kind of failure (e.g. "placeholder"), when there is one. */
    readonly code?: string,
  ) {
    const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
    super(`${where}: ${path ? `${path}: ` : ""}${reason}`);
    this.name = "SigmaRuleError";
  }
}

/** Thrown inside the builders with the YAML path; the loader adds file and position. */
export class RuleShapeError extends Error {
  constructor(readonly path: (string | number)[], reason: string, readonly code?: string) {
    super(reason);
  }
}
