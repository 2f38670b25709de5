/**
 * Reads TL schemas (Telegram's text form, and mtcute's JSON form) into plain entries: constructors and
 * methods with their ids, params, flags and result types. Used by `npm run gen:tl` at build time; every
 * id is recomputed from the declaration (CRC-32) and a schema whose ids disagree is rejected.
 */
import { crc32 } from "./crc32.ts";

export interface TlParam {
  /** As the schema spells it (snake_case). */
  name: string;
  /** `int`, `long`, `Vector<User>`, `vector<future_salt>`, `!X`, `#` … (bare `%T` is kept as written). */
  type: string;
  /** Present for `flags.N?T` params: the `#` param holding the bit and the bit's index. */
  flag?: { field: string; bit: number };
}

export interface TlEntry {
  kind: "constructor" | "method";
  name: string;
  id: number;
  /** The boxed type a constructor belongs to, or the type a method returns. */
  type: string;
  generics: string[];
  params: TlParam[];
}

/** Declarations that are the TL language itself, not schema entries. */
const BUILTIN_LINES = /^vector#1cb5c415\b|^int ?\?|^long ?\?|^double ?\?|^string ?\?|^bytes\b.*= Bytes$/;

/** Parses TL text; `---functions---` / `---types---` switch between methods and constructors. */
export function parseTlText(text: string): TlEntry[] {
  const entries: TlEntry[] = [];
  let kind: TlEntry["kind"] = "constructor";
  const uncommented = text
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, ""))
    .join("\n");
  for (const chunk of uncommented.split(/(---functions---|---types---|;)/)) {
    const decl = chunk.replace(/\s+/g, " ").trim();
    if (decl === "---functions---") kind = "method";
    else if (decl === "---types---") kind = "constructor";
    else if (decl !== "" && decl !== ";" && !BUILTIN_LINES.test(decl)) entries.push(parseDeclaration(decl, kind));
  }
  return entries;
}

/** Telegram published these (DNS-delivered config, mtproto.tl) with ids their text does not give. */
const ID_QUIRKS = new Set(["accessPointRule", "help.configSimple"]);

function parseDeclaration(decl: string, kind: TlEntry["kind"]): TlEntry {
  const m = /^([A-Za-z_][\w.]*)(?:#([0-9a-f]{1,8}))?\s*(.*?)\s*=\s*(.+)$/.exec(decl);
  if (!m) throw new Error(`TL: cannot parse declaration: ${decl}`);
  const [, name, hexId, body, result] = m as unknown as [string, string, string | undefined, string, string];
  const generics: string[] = [];
  const params: TlParam[] = [];
  for (const token of body.split(" ").filter(Boolean)) {
    const generic = /^\{(\w+):Type\}$/.exec(token);
    if (generic) {
      generics.push(generic[1] as string);
      continue;
    }
    const p = /^(\w+):(?:(\w+)\.(\d+)\?)?(.+)$/.exec(token);
    if (!p) throw new Error(`TL: cannot parse param ${token} of ${name}`);
    const [, pname, field, bit, type] = p as unknown as [
      string,
      string,
      string | undefined,
      string | undefined,
      string,
    ];
    params.push(field ? { name: pname, type, flag: { field, bit: Number(bit) } } : { name: pname, type });
  }
  const entry: TlEntry = { kind, name, id: 0, type: result.trim(), generics, params };
  entry.id = hexId === undefined ? computeTlId(entry) : Number.parseInt(hexId, 16);
  if (!idMatches(entry) && !ID_QUIRKS.has(name)) {
    throw new Error(
      `TL: ${name}#${hexId} declares an id that is not the CRC-32 of its declaration (0x${hex(computeTlId(entry))})`,
    );
  }
  return entry;
}

/**
 * The text whose CRC-32 is the id: `flags.N?true` params are left out and `bytes` is spelt `string`
 * (Telegram computed most ids so; a few, like ipPortSecret, with `bytes` as written: `bytesAsString` false).
 */
export function tlIdText(entry: TlEntry, bytesAsString = true): string {
  const parts = [entry.name];
  for (const g of entry.generics) parts.push(`${g}:Type`);
  for (const p of entry.params) {
    if (p.flag && p.type === "true") continue;
    const type = bytesAsString ? p.type.replace(/^bytes$|(?<=<)bytes(?=>)/, "string") : p.type;
    parts.push(p.flag ? `${p.name}:${p.flag.field}.${p.flag.bit}?${type}` : `${p.name}:${type}`);
  }
  parts.push("=", entry.type);
  return parts.join(" ").replace(/</g, " ").replace(/>/g, "");
}

export function computeTlId(entry: TlEntry): number {
  return crc32(tlIdText(entry));
}

/** Whether the entry's id is the CRC-32 of its declaration, in either spelling of `bytes`. */
export function idMatches(entry: TlEntry): boolean {
  return entry.id === computeTlId(entry) || entry.id === crc32(tlIdText(entry, false));
}

/** One entry back as a TL declaration (with its id), as the schema files write it. */
export function tlDeclaration(entry: TlEntry): string {
  const parts = [`${entry.name}#${hex(entry.id)}`];
  for (const g of entry.generics) parts.push(`{${g}:Type}`);
  for (const p of entry.params)
    parts.push(p.flag ? `${p.name}:${p.flag.field}.${p.flag.bit}?${p.type}` : `${p.name}:${p.type}`);
  return `${parts.join(" ")} = ${entry.type};`;
}

/** Entries mtcute adds for its file ids, not Telegram's (their ids are not CRCs of their text). */
const MTCUTE_ADDITIONS = new Set(["inputPeerPhotoFileLocationLegacy", "inputStickerSetThumbLegacy"]);

interface MtcuteArg {
  name: string;
  type: string;
  typeModifiers?: { predicate?: string; isVector?: boolean; isBareVector?: boolean; isBareType?: boolean };
}
interface MtcuteEntry {
  kind: "class" | "method";
  name: string;
  id: number;
  type: string;
  generics?: { name: string }[];
  arguments: MtcuteArg[];
  typeModifiers?: { isVector?: boolean };
}

/**
 * mtcute's api-schema.json (`{ l: layer, e: entries }`) as plain entries. mtcute's own `mtcute.*`
 * entries are left out and its `int53` (a `long` it reads as a JS number) is a `long` again, so every
 * id still checks against the declaration.
 */
export function parseMtcuteJson(json: unknown): { layer: number; entries: TlEntry[] } {
  const doc = json as { l: number; e: MtcuteEntry[] };
  if (typeof doc?.l !== "number" || !Array.isArray(doc.e)) throw new Error("mtcute schema: expected { l, e }");
  const entries: TlEntry[] = [];
  for (const e of doc.e) {
    if (e.name.startsWith("mtcute.")) continue;
    const params = e.arguments.map((a): TlParam => {
      const base = a.type === "int53" ? "long" : a.type;
      const m = a.typeModifiers ?? {};
      const type = m.isVector ? `Vector<${base}>` : m.isBareVector ? `vector<${base}>` : base;
      const flag = m.predicate ? /^(\w+)\.(\d+)$/.exec(m.predicate) : null;
      return flag
        ? { name: a.name, type, flag: { field: flag[1] as string, bit: Number(flag[2]) } }
        : { name: a.name, type };
    });
    const type = e.typeModifiers?.isVector ? `Vector<${e.type}>` : e.type;
    const entry: TlEntry = {
      kind: e.kind === "method" ? "method" : "constructor",
      name: e.name,
      id: e.id >>> 0,
      type,
      generics: (e.generics ?? []).map((g) => g.name),
      params,
    };
    if (MTCUTE_ADDITIONS.has(e.name)) continue;
    if (!idMatches(entry)) {
      throw new Error(`mtcute schema: ${e.name} id 0x${hex(entry.id)} ≠ CRC 0x${hex(computeTlId(entry))}`);
    }
    entries.push(entry);
  }
  return { layer: doc.l, entries };
}

export function hex(id: number): string {
  return (id >>> 0).toString(16).padStart(8, "0");
}
