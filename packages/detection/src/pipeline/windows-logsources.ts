// Sigma logsources of `product: windows` -> conditions on the Windows fields (Channel, EventID,
// Provider_Name), as pySigma's windows/sysmon pipelines scope rules. Kept apart from evaluation:
// the backend only asks whether a rule's logsource admits an event.
import type { LogSource } from "../model/types";

/** Alternatives: a channel and the event ids of the category in that channel. */
type Scope = { channel: string; eventIds: number[] }[];

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const sysmon = (...eventIds: number[]): Scope => [{ channel: SYSMON, eventIds }];
const PS = ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"];
const ps = (channels: string[], id: number): Scope => channels.map((channel) => ({ channel, eventIds: [id] }));

/** Sysmon event ids per Sigma category (pySigma sysmon pipeline); Security 4688 creates processes too. */
export const WINDOWS_CATEGORIES: Readonly<Record<string, Scope>> = {
  process_creation: [{ channel: SYSMON, eventIds: [1] }, { channel: "Security", eventIds: [4688] }],
  network_connection: sysmon(3),
  sysmon_status: sysmon(4, 16),
  process_termination: sysmon(5),
  driver_load: sysmon(6),
  image_load: sysmon(7),
  create_remote_thread: sysmon(8),
  raw_access_thread: sysmon(9),
  process_access: sysmon(10),
  file_event: sysmon(11),
  registry_add: sysmon(12),
  registry_delete: sysmon(12),
  registry_set: sysmon(13),
  registry_rename: sysmon(14),
  registry_event: sysmon(12, 13, 14),
  create_stream_hash: sysmon(15),
  pipe_created: sysmon(17, 18),
  wmi_event: sysmon(19, 20, 21),
  dns_query: sysmon(22),
  file_delete: sysmon(23, 26),
  clipboard_capture: sysmon(24),
  process_tampering: sysmon(25),
  file_block_executable: sysmon(27),
  file_block_shredding: sysmon(28),
  file_executable_detected: sysmon(29),
  sysmon_error: sysmon(255),
  ps_module: ps(PS, 4103),
  ps_script: ps(PS, 4104),
  ps_classic_start: ps(["Windows PowerShell"], 400),
  ps_classic_provider_start: ps(["Windows PowerShell"], 600),
  ps_classic_script: ps(["Windows PowerShell"], 800),
};

/** Sigma `service` -> Windows event log channel (pySigma windows pipeline, common part). */
export const WINDOWS_SERVICES: Readonly<Record<string, string>> = {
  security: "Security",
  system: "System",
  application: "Application",
  sysmon: SYSMON,
  powershell: "Microsoft-Windows-PowerShell/Operational",
  "powershell-classic": "Windows PowerShell",
  taskscheduler: "Microsoft-Windows-TaskScheduler/Operational",
  wmi: "Microsoft-Windows-WMI-Activity/Operational",
  dns_server: "DNS Server",
  "driver-framework": "Microsoft-Windows-DriverFrameworks-UserMode/Operational",
  windefend: "Microsoft-Windows-Windows Defender/Operational",
  bits_client: "Microsoft-Windows-Bits-Client/Operational",
  codeintegrity_operational: "Microsoft-Windows-CodeIntegrity/Operational",
  firewall_as: "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall",
  "firewall-as": "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall",
  applocker: "Microsoft-Windows-AppLocker/EXE and DLL",
  ntlm: "Microsoft-Windows-NTLM/Operational",
  "terminalservices-localsessionmanager": "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
  "smbclient-security": "Microsoft-Windows-SmbClient/Security",
  openssh: "OpenSSH/Operational",
};

const same = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * Whether a Windows record (flattened original fields) belongs to the rule's logsource.
 * Logsources this table does not know admit every event (the rule's own fields decide).
 */
/** A Windows event log record: its flattened original fields hold a Channel. */
export function isWindowsEvent(event: { original: Readonly<Record<string, unknown>> }): boolean {
  return typeof event.original.Channel === "string" && event.original.Channel !== "";
}

export function windowsLogsourceAdmits(logsource: LogSource, fields: Readonly<Record<string, unknown>>): boolean {
  if (logsource.product !== undefined && logsource.product.toLowerCase() !== "windows") return false;
  const channel = fields.Channel;
  if (logsource.service) {
    const wanted = WINDOWS_SERVICES[logsource.service.toLowerCase()];
    if (wanted && !same(channel, wanted)) return false;
  }
  const scope = logsource.category ? WINDOWS_CATEGORIES[logsource.category.toLowerCase()] : undefined;
  if (!scope) return true;
  const id = Number(fields.EventID);
  return scope.some((alt) => same(channel, alt.channel) && alt.eventIds.includes(id));
}
