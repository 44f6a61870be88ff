import { existsSync, readFileSync } from "node:fs";
import type { SinkMessage } from "./smtp-sink";

export function readSink(file: string): SinkMessage[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SinkMessage);
}
