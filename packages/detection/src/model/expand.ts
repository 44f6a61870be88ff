// `|expand`: `%name%` placeholders replaced by the values of a placeholder map given at load time
// (per tenant: the tenant's named lists, or per engine). `\%` is a plain percent sign. A
// placeholder without values either rejects the rule (the spec's rule for a tool that cannot
// resolve it), or, when the caller collects unresolved names (`state.unresolved`), stands for an
// empty list: the value expands to nothing, so an item made only of it matches no event, and the
// rule reports which lists it waits for.
import type { StringPart } from "./sigma-string";
import { parseSigmaString } from "./sigma-string";
import type { Apply, ModifierState, Staged } from "./staged";
import { asParts } from "./staged";

export class PlaceholderError extends Error {
  constructor(readonly placeholder: string) {
    super(`placeholder %${placeholder}% has no value (give it one in the placeholder map)`);
  }
}

const TOKEN = /\\%|%([A-Za-z0-9_.-]+)%/g;

/** One literal part with placeholders -> the alternatives it expands to. */
function expandText(text: string, state: ModifierState): StringPart[][] {
  let out: StringPart[][] = [[]];
  let last = 0;
  const append = (options: StringPart[][]) => (out = out.flatMap((prefix) => options.map((o) => [...prefix, ...o])));
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) append([[text.slice(last, m.index)]]);
    last = m.index + m[0].length;
    if (m[1] === undefined) {
      append([["%"]]);
      continue;
    }
    const values = state.placeholders.get(m[1]);
    state.used?.add(m[1]);
    if (!values || values.length === 0) {
      if (!state.unresolved) throw new PlaceholderError(m[1]);
      state.unresolved.add(m[1]);
    }
    append((values ?? []).map(parseSigmaString));
  }
  if (last < text.length) append([[text.slice(last)]]);
  return out;
}

export const expand: Apply = (values, state) =>
  values.flatMap((v) => {
    let out: StringPart[][] = [[]];
    for (const part of asParts(v, "expand")) {
      const options: StringPart[][] = typeof part === "string" ? expandText(part, state) : [[part]];
      out = out.flatMap((prefix) => options.map((o) => [...prefix, ...o]));
    }
    return out.map((parts): Staged => ({ t: "str", parts }));
  });
