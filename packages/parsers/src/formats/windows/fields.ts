// ECS sections from a flattened Windows event: who (user), what ran (process), where (host,
// source/destination), and what was touched (file, registry).
import type { EcsFields } from "../../format/component";
import { compact, text, toInt, toIp, toPort } from "../../format/util";
import type { WindowsMeaning, WindowsSource } from "./events";

type Flat = Record<string, unknown>;

/** "DOMAIN\\name" -> { domain, name }; "name@domain" stays a name. */
export function splitAccount(value: unknown): { name?: string; domain?: string } {
  const account = text(value);
  if (account === undefined) return {};
  const slash = account.indexOf("\\");
  return slash < 0 ? { name: account } : { domain: account.slice(0, slash) || undefined, name: account.slice(slash + 1) || undefined };
}

const basename = (path: string | undefined) => (path === undefined ? undefined : path.slice(Math.max(path.lastIndexOf("\\"), path.lastIndexOf("/")) + 1) || undefined);

function account(f: Flat, prefix: "Target" | "Subject") {
  return compact({ name: text(f[`${prefix}UserName`]), domain: text(f[`${prefix}DomainName`]), id: text(f[`${prefix}UserSid`]) });
}

/** CN=Alice,OU=.. -> Alice. */
function memberName(value: unknown): string | undefined {
  const dn = text(value);
  const cn = dn === undefined ? undefined : /^CN=((?:\\,|[^,])+)/i.exec(dn);
  return cn ? (cn[1] as string).replace(/\\,/g, ",") : dn;
}

export function userFields(f: Flat, source: WindowsSource, meaning: WindowsMeaning | undefined): EcsFields["user"] {
  if (source === "sysmon") return compact({ ...splitAccount(f.User ?? f.SourceUser) });
  const target = account(f, "Target");
  const subject = account(f, "Subject");
  const role = meaning?.user;
  if (role === "target") return target ?? subject;
  if (role === "group") return compact({ ...subject, target: compact({ name: memberName(f.MemberName), id: text(f.MemberSid) }) });
  if (role === "subject") {
    const actor = subject ?? compact(splitAccount(f.AccountName));
    const withTarget = meaning?.category === "iam" || meaning?.action === "explicit-credential-logon";
    return compact({ ...actor, target: withTarget ? target : undefined });
  }
  return subject ?? target ?? compact({ ...splitAccount(f.User ?? f.AccountName ?? f.UserName) });
}

export function processFields(f: Flat): EcsFields["process"] {
  const executable = text(f.Image ?? f.NewProcessName ?? f.ProcessName ?? f.SourceImage ?? f.CallerProcessName);
  const isCreation = f.NewProcessName !== undefined;
  const pid = toInt(isCreation ? f.NewProcessId : (f.ProcessId ?? f.SourceProcessId ?? f.CallerProcessId));
  const parentExecutable = text(f.ParentImage ?? f.ParentProcessName);
  const parent = compact({
    executable: parentExecutable,
    name: basename(parentExecutable),
    command_line: text(f.ParentCommandLine),
    pid: toInt(f.ParentProcessId ?? (isCreation ? f.ProcessId : undefined)),
    entity_id: text(f.ParentProcessGuid),
  });
  return compact({
    executable,
    name: basename(executable),
    command_line: text(f.CommandLine),
    pid,
    entity_id: text(f.ProcessGuid ?? f.SourceProcessGUID),
    parent,
  });
}

export function networkFields(f: Flat): Pick<EcsFields, "source" | "destination" | "network"> {
  return {
    source: compact({ ip: toIp(text(f.IpAddress ?? f.SourceIp ?? f.SourceAddress)), port: toPort(f.IpPort ?? f.SourcePort), domain: text(f.WorkstationName ?? f.SourceHostname ?? f.Workstation) }),
    destination: compact({ ip: toIp(text(f.DestinationIp ?? f.DestAddress)), port: toPort(f.DestinationPort ?? f.DestPort), domain: text(f.DestinationHostname) }),
    network: compact({ transport: text(f.Protocol)?.toLowerCase() }),
  };
}

export function objectFields(f: Flat): Pick<EcsFields, "file" | "registry"> {
  const path = text(f.TargetFilename ?? f.ImageLoaded ?? (f.ObjectType === "File" ? f.ObjectName : undefined));
  return {
    file: compact({ path, name: basename(path) }),
    registry: compact({ path: text(f.TargetObject), data: f.Details === undefined ? undefined : { strings: [String(f.Details)] } }),
  };
}
