// The per-text memo of FieldIndex.scanText replays exactly the marks of a fresh scan, while it is
// on and after a window of mostly distinct texts turned it off.
import { describe, expect, it } from "vitest";
import { FieldIndex, KEYWORD_SKIP } from "./field-index";

function index(): FieldIndex {
  const x = new FieldIndex("CommandLine", 0);
  x.add({ field: "CommandLine", kind: "contains", text: "whoami" }, 4);
  x.add({ field: "CommandLine", kind: "prefix", text: "net " }, 8);
  x.add({ field: "CommandLine", kind: "suffix", text: ".ps1" }, 12);
  x.add({ field: "CommandLine", kind: "eq", text: "cmd.exe" }, 16);
  x.seal();
  return x;
}

const marks = (x: FieldIndex, text: string) => {
  const out: number[] = [];
  x.scanText(text, (r) => out.push(r));
  return out.sort((a, b) => a - b);
};

const TEXTS: [string, number[]][] = [
  ["net user WHOAMI", [4, 8]],
  ["powershell -f a.PS1", [12]],
  ["CMD.exe", [16]],
  ["net whoami x.ps1", [4, 8, 12]],
  ["echo hi", []],
];

describe("FieldIndex text memo", () => {
  it("marks the same rules on a repeated text as on its first scan", () => {
    const x = index();
    for (let round = 0; round < 3; round++) for (const [text, want] of TEXTS) expect(marks(x, text), text).toEqual(want);
  });

  it("still answers right once distinct texts turned the memo off", () => {
    const x = index();
    for (let i = 0; i < 10_000; i++) expect(marks(x, `unique ${i} whoami`)).toEqual([4]);
    for (const [text, want] of TEXTS) expect(marks(x, text), text).toEqual(want);
  });
});

describe("FieldIndex non-ASCII texts", () => {
  type Kind = "contains" | "prefix" | "suffix" | "eq";
  // Reference: the atoms over `toLowerCase()` texts, as needs.ts defines them.
  const holds = (kind: Kind, needle: string, text: string) => {
    const t = text.toLowerCase();
    return kind === "eq" ? t === needle : kind === "prefix" ? t.startsWith(needle) : kind === "suffix" ? t.endsWith(needle) : t.includes(needle);
  };
  const SETS: [Kind, string][][] = [
    [["contains", "kelvin"], ["prefix", "istanbul"], ["suffix", "straße"], ["contains", "mimikatz"]], // long needles, one non-ASCII
    [["contains", "kelvin"], ["prefix", "istanbul"], ["suffix", "admin"], ["contains", "mimikatz"]], // long ASCII needles (skipping search)
    [["contains", "ki"], ["prefix", "i̇s"], ["suffix", "k"], ["eq", "kk"]], // short needles (Aho-Corasick), eq
    [["contains", "ik"], ["eq", "admin"], ["eq", "i̇k"]],
    [["contains", "kali"], ["prefix", "i̇sta"], ["suffix", "ıkel"], ["contains", "atk/"]], // 4 characters: skipping search with keyword limits
    [["contains", "mimi"], ["suffix", "admi"], ["prefix", "admi"]], // U+0130 read as "i" only where a needle ends
    [["contains", "mimiki"], ["suffix", "xadmi"], ["prefix", "admin"]],
  ];
  const TEXTS = ["\u212Aali", "x\u212AALIx", "ATK/", "İsta", "ıkel", "\u212Aelvin", "xKELVINx", "İstanbul", "i̇stanbul", "ISTANBUL é", "ſtraße", "STRASSE", "Admin", "ADMİN", "ΑΣ mimikatz", "MIMİKATZ", "\u212A\u212A", "İ\u212A", "é", "ik", "İK", "x", "ADMİ", "xADMİ", "xmimİ", "MİMİ", "admİx", "MIMIKİ", "mimik\u212Ai"];
  it.each([
    ["field limits", undefined],
    ["keyword limits", KEYWORD_SKIP],
  ])("marks exactly the atoms that hold for the lower-cased text (%s)", (_, limits) => {
    for (const atoms of SETS) {
      const x = new FieldIndex("f", 0);
      atoms.forEach(([kind, text], i) => x.add({ field: "f", kind, text }, i));
      x.seal(limits);
      for (const text of TEXTS) {
        const want = atoms.flatMap(([kind, needle], i) => (holds(kind, needle, text) ? [i] : []));
        const got: number[] = [];
        x.scanTextOnce(text, (r) => got.push(r));
        expect([...new Set(got)].sort((a, b) => a - b), `${JSON.stringify(atoms)} ${text}`).toEqual(want);
      }
    }
  });
});
