// Encoding modifiers (pySigma semantics): utf16le/utf16be/utf16/wide, base64, base64offset, windash.
import type { StringPart } from "./sigma-string";
import type { Apply, Staged } from "./staged";
import { asParts, literalBytes, literalText } from "./staged";

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] as number, le[i] as number];
  return le;
}

const BOM_LE = Buffer.from([0xff, 0xfe]);

export const utf16Encoders: Record<"utf16le" | "utf16be" | "utf16", (text: string) => Buffer> = {
  utf16le: (text) => Buffer.from(text, "utf16le"),
  utf16be,
  /** Byte order mark then little endian, as the spec's example `FF FE 63 00 6d 00 64 00`. */
  utf16: (text) => Buffer.concat([BOM_LE, Buffer.from(text, "utf16le")]),
};

export const encodeAs = (encoding: keyof typeof utf16Encoders): Apply => (values) =>
  values.map((v): Staged => ({ t: "bytes", b: utf16Encoders[encoding](literalText(v, encoding)) }));

export const base64: Apply = (values) =>
  values.map((v) => ({ t: "str", parts: [literalBytes(v, "base64").toString("base64")] }));

const START_OFFSETS = [0, 2, 3] as const;
const END_OFFSETS = [undefined, -3, -2] as const;

/**
 * The three base64 renderings of a value at byte offsets 0, 1 and 2 of the encoded stream, with
 * the characters that depend on neighbouring bytes cut off (pySigma: prefix i spaces, encode,
 * slice [start[i] : end[(len + i) % 3]]).
 */
export function base64OffsetVariants(bytes: Buffer): string[] {
  return [0, 1, 2].map((shift) => {
    const b64 = Buffer.concat([Buffer.alloc(shift, " "), bytes]).toString("base64");
    return b64.slice(START_OFFSETS[shift], END_OFFSETS[(bytes.length + shift) % 3]);
  });
}

export const base64offset: Apply = (values) =>
  values.flatMap((v) => base64OffsetVariants(literalBytes(v, "base64offset")).map((s): Staged => ({ t: "str", parts: [s] })));

/** The characters windash swaps; the spec lists all five as interchangeable. */
export const DASHES = ["-", "/", "\u2013", "\u2014", "\u2015"] as const;
// pySigma: a dash or slash at the start of a word (`\B[-/]\b`): ` -enc`, `/c`, not `a-b`.
const WINDASH_AT = /\B[-/\u2013\u2014\u2015]\b/gu;

/** Every combination of dash characters at each flag position (cartesian product, pySigma). */
export function windashVariants(parts: readonly StringPart[]): StringPart[][] {
  let out: StringPart[][] = [[]];
  for (const part of parts) {
    const options: StringPart[] = typeof part === "string" ? stringVariants(part) : [part];
    out = out.flatMap((prefix) => options.map((o): StringPart[] => [...prefix, o]));
  }
  return out;
}

function stringVariants(text: string): string[] {
  const pieces = text.split(WINDASH_AT);
  let out = [pieces[0] as string];
  for (const piece of pieces.slice(1)) out = out.flatMap((prefix) => DASHES.map((d) => `${prefix}${d}${piece}`));
  return out;
}

export const windash: Apply = (values) =>
  values.flatMap((v) => windashVariants(asParts(v, "windash")).map((parts): Staged => ({ t: "str", parts })));
