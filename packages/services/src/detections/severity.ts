import type { Severity } from "@vigil/db";

const ORDER: readonly Severity[] = ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"];

export function maxSeverity(a: Severity, b: Severity): Severity {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}
