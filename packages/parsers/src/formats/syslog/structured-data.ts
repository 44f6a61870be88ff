// RFC 5424 STRUCTURED-DATA: "-" or one or more [SD-ID PARAM="value" ...]. Inside values only
// `\"`, `\\` and `\]` are escapes; any other backslash is kept as written (section 6.3.3).

export type SdResult =
  | { ok: true; end: number; data?: Record<string, Record<string, string>> }
  | { ok: false; position: number; reason: string };

const NAME_END = new Set([" ", "=", "]", '"']);

function readName(line: string, pos: number): number {
  let i = pos;
  while (i < line.length && i - pos < 32 && !NAME_END.has(line[i] as string) && line.charCodeAt(i) > 32 && line.charCodeAt(i) < 127) i++;
  return i;
}

function readValue(line: string, pos: number): { ok: true; value: string; end: number } | { ok: false; position: number; reason: string } {
  if (line[pos] !== '"') return { ok: false, position: pos, reason: 'expected \'"\' to open a PARAM-VALUE' };
  let value = "";
  for (let i = pos + 1; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "\\" && i + 1 < line.length && '"\\]'.includes(line[i + 1] as string)) {
      value += line[++i];
    } else if (c === '"') {
      return { ok: true, value, end: i + 1 };
    } else {
      value += c;
    }
  }
  return { ok: false, position: line.length, reason: "PARAM-VALUE not closed by '\"'" };
}

type ElementResult = { ok: true; end: number; id: string; params: Record<string, string> } | { ok: false; position: number; reason: string };

function readElement(line: string, start: number): ElementResult {
  const idEnd = readName(line, start + 1);
  if (idEnd === start + 1) return { ok: false, position: start + 1, reason: "empty SD-ID" };
  const id = line.slice(start + 1, idEnd);
  const params: Record<string, string> = {};
  let i = idEnd;
  while (line[i] === " ") {
    const nameEnd = readName(line, i + 1);
    if (nameEnd === i + 1) return { ok: false, position: i + 1, reason: `empty PARAM-NAME in [${id}]` };
    if (line[nameEnd] !== "=") return { ok: false, position: nameEnd, reason: `expected '=' after PARAM-NAME in [${id}]` };
    const value = readValue(line, nameEnd + 1);
    if (!value.ok) return value;
    params[line.slice(i + 1, nameEnd)] = value.value;
    i = value.end;
  }
  if (line[i] !== "]") return { ok: false, position: i, reason: `expected ']' to close [${id}]` };
  return { ok: true, end: i + 1, id, params };
}

export function readStructuredData(line: string, pos: number): SdResult {
  if (line[pos] === "-") return { ok: true, end: pos + 1 };
  if (line[pos] !== "[") return { ok: false, position: pos, reason: "expected '-' or '[' for STRUCTURED-DATA" };
  const data: Record<string, Record<string, string>> = {};
  let i = pos;
  while (line[i] === "[") {
    const element = readElement(line, i);
    if (!element.ok) return element;
    data[element.id] = { ...data[element.id], ...element.params };
    i = element.end;
  }
  return { ok: true, end: i, data };
}
