// Locates and reads the shared evaluation data (../shared/data relative to the repo root).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { splitJsonValues } from "../src/index";
import type { SystemAccuracy } from "./loghub";
import { loghubAccuracy } from "./loghub";
import type { WindowsCoverage } from "./windows-coverage";
import { checkWindowsEvent, newCoverage } from "./windows-coverage";

export const DATA_DIR = process.env.VIGIL_SHARED_DATA ?? fileURLToPath(new URL("../../../../shared/data/", import.meta.url));

export function hasSharedData(): boolean {
  return existsSync(`${DATA_DIR}/loghub`);
}

export function loghubSystem(system: string): SystemAccuracy {
  const log = `${DATA_DIR}/loghub/${system}/${system}_2k.log`;
  return loghubAccuracy(system, readFileSync(log, "utf8"), readFileSync(`${log}_structured.csv`, "utf8"));
}

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ext)).sort();
}

/** Every Windows event in deepbluecli/*.jsonl (one per line) and sigma/regression_data (concatenated JSON). */
export function windowsCoverage(): WindowsCoverage & { files: number } {
  const cov = newCoverage();
  const jsonl = filesUnder(`${DATA_DIR}/deepbluecli`, ".jsonl");
  for (const file of jsonl) {
    readFileSync(`${DATA_DIR}/deepbluecli/${file}`, "utf8").split("\n").forEach((line, i) => {
      if (line.trim() !== "") checkWindowsEvent(cov, line, { file: `deepbluecli/${file}`, index: i + 1 });
    });
  }
  const json = filesUnder(`${DATA_DIR}/sigma/regression_data`, ".json");
  for (const file of json) {
    splitJsonValues(readFileSync(`${DATA_DIR}/sigma/regression_data/${file}`, "utf8")).forEach((chunk, i) => {
      checkWindowsEvent(cov, chunk.text, { file: `regression_data/${file}`, index: i + 1 });
    });
  }
  return { ...cov, files: jsonl.length + json.length };
}
