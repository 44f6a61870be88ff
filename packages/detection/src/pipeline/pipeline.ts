// Processing pipelines (pySigma shape): field mapping and logsource scoping live here, apart from
// evaluation. A backend asks `admits(rule, event)` and reads fields through `resolve`.
import type { VigilEvent } from "@vigil/schema";
import type { FieldResolver } from "../eval/fields";
import { resolveField } from "../eval/fields";
import type { SigmaRule } from "../model/types";
import { windowsLogsourceAdmits } from "./windows-logsources";

export interface ProcessingPipeline {
  id: string;
  description: string;
  /** Whether the rule's logsource covers the event. */
  admits(rule: SigmaRule, event: VigilEvent): boolean;
  resolve: FieldResolver;
}

/** No scoping: every rule sees every event (Vigil's normalized + original fields). */
export const passthroughPipeline: ProcessingPipeline = {
  id: "passthrough",
  description: "every rule sees every event; fields from the normalized event, then the original",
  admits: () => true,
  resolve: resolveField,
};

/** Windows event logs (original fields flattened from EventData/System): logsource -> Channel/EventID. */
export const windowsPipeline: ProcessingPipeline = {
  id: "windows",
  description: "product: windows logsources scoped by Channel and EventID (Sysmon, Security, PowerShell, ...)",
  admits: (rule, event) => rule.logsource.product?.toLowerCase() !== "windows" || windowsLogsourceAdmits(rule.logsource, event.original),
  resolve: resolveField,
};

export const PIPELINES: ReadonlyMap<string, ProcessingPipeline> = new Map([passthroughPipeline, windowsPipeline].map((p) => [p.id, p]));
