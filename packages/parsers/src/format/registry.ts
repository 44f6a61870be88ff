// Every record format, by id. Parsers are built once per config and cached for the defaults.
import { cloudTrailFormat } from "../formats/cloud/cloudtrail";
import { oktaFormat } from "../formats/cloud/okta";
import { jsonFormat } from "../formats/json/json";
import { auditdFormat, cefFormat, iptablesFormat, leefFormat, linuxAuthFormat } from "../formats/syslog/content-formats";
import { syslogFormat } from "../formats/syslog/syslog";
import { accessLogFormat } from "../formats/web/access-log";
import { squidFormat } from "../formats/web/squid";
import { windowsFormat } from "../formats/windows/windows";
import type { FormatComponent, FormatId, RecordParser } from "./component";

export const formats: ReadonlyMap<FormatId, FormatComponent> = new Map<FormatId, FormatComponent>(
  [syslogFormat, linuxAuthFormat, iptablesFormat, auditdFormat, cefFormat, leefFormat, windowsFormat, accessLogFormat, squidFormat, cloudTrailFormat, oktaFormat, jsonFormat].map(
    (f) => [f.id, f as FormatComponent],
  ),
);

export function isFormatId(id: string): id is FormatId {
  return formats.has(id as FormatId);
}

const defaultParsers = new Map<FormatId, RecordParser>();

export type BuildResult = { ok: true; parser: RecordParser } | { ok: false; reason: string };

/** Builds the record parser of `id` for a source's config (undefined = defaults, cached). */
export function buildFormat(id: FormatId, config?: unknown): BuildResult {
  const component = formats.get(id);
  if (!component) return { ok: false, reason: `unknown format "${id}" (known: ${[...formats.keys()].join(", ")})` };
  if (config === undefined) {
    let parser = defaultParsers.get(id);
    if (!parser) defaultParsers.set(id, (parser = component.build(component.defaults)));
    return { ok: true, parser };
  }
  const checked = component.configure(config);
  return checked.ok ? { ok: true, parser: component.build(checked.config) } : checked;
}
