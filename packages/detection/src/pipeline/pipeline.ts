// Processing pipelines (pySigma shape): field mapping and logsource scoping live here, apart from
// evaluation. A backend asks `admits(rule, event)` and reads fields through `resolve`.
import type { VigilEvent } from "@vigil/schema";
import type { FieldResolver } from "../eval/fields";
import { resolveField } from "../eval/fields";
import type { SigmaRule } from "../model/types";
import { vigilAdmits } from "./vigil";
import { isWindowsEvent, windowsLogsourceAdmits } from "./windows-logsources";

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

/**
 * Windows event logs (original fields flattened from EventData/System): logsource -> Channel/EventID.
 * A Windows event (it has a Channel) is seen only by `product: windows` rules, so a Zeek or Cisco
 * rule whose condition is `not selection` cannot fire on it; other events never see Windows rules.
 */
export const windowsPipeline: ProcessingPipeline = {
  id: "windows",
  description: "product: windows logsources scoped by Channel and EventID (Sysmon, Security, PowerShell, ...)",
  admits: (rule, event) => {
    const windowsRule = rule.logsource.product?.toLowerCase() === "windows";
    if (!isWindowsEvent(event)) return !windowsRule;
    return windowsRule && windowsLogsourceAdmits(rule.logsource, event.original);
  },
  resolve: resolveField,
};

/**
 * What ingest, hunts and the CLI run (pipeline/vigil.ts): Windows logsources as `windowsPipeline`
 * scopes them, and the sources Vigil's parsers recognize (Linux auth, iptables, web access logs,
 * CloudTrail, Okta) seen only by rules of their product or category; unrecognized events by every
 * rule but Windows ones; product-less rules of Vigil's own categories by every event.
 */
export const vigilPipeline: ProcessingPipeline = {
  id: "vigil",
  description: "logsources scoped by the source Vigil's parsers recognized (Windows Channel/EventID, Linux auth, iptables, web access logs, CloudTrail, Okta); Sigma web/proxy/firewall field names mapped to the normalized fields",
  admits: vigilAdmits,
  resolve: resolveField,
};

export const PIPELINES: ReadonlyMap<string, ProcessingPipeline> = new Map([passthroughPipeline, windowsPipeline, vigilPipeline].map((p) => [p.id, p]));
