/**
 * The layers, enforced: workers/ → durable-objects/ → core/ → protocol/, clients/ → protocol/, no
 * worker importing another, no import circle between top-level folders, and files one can read in
 * one sitting. Reads the source tree; runs in Node.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const LAYERED = ["protocol", "core", "durable-objects", "workers", "clients"];
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".wrangler", ".state", "test-artifacts"]);
const MAX_LINES = 500;

/** Every .ts/.tsx file under `dir` (repo-relative, "/"-separated), skipping build output and dependencies. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = dir === "." ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    // Generated env types name the worker exporting a Durable Object class (script_name), not code it imports.
    else if (/\.tsx?$/.test(entry.name) && entry.name !== "worker-configuration.d.ts") out.push(path);
  }
  return out;
}

/** Module specifiers a file imports: static imports and re-exports (type-only too), side-effect and dynamic imports. */
function specifiersOf(source: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\b[^'"]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((p) => [...source.matchAll(p)].map((m) => m[1] as string));
}

/** The layer a repo path belongs to: `workers/<name>` per worker, else its top-level folder. */
function layerOf(path: string): string {
  const [top, second] = path.split("/");
  return top === "workers" && second !== undefined && path.includes("/", "workers/".length)
    ? `workers/${second}`
    : (top as string);
}

/** Whether code in layer `from` may import from layer `to`. */
function mayImport(from: string, to: string): boolean {
  if (from === to) return true;
  if (from === "protocol") return false;
  if (from === "core") return to === "protocol";
  if (from === "durable-objects") return to === "core" || to === "protocol";
  if (from.startsWith("workers/")) return to === "durable-objects" || to === "core" || to === "protocol";
  if (from === "clients") return to === "protocol";
  return true;
}

/** Every relative import of the layered folders, resolved to a repo path. */
function importEdges(): { file: string; target: string }[] {
  const edges: { file: string; target: string }[] = [];
  for (const file of LAYERED.flatMap(sourceFiles)) {
    for (const spec of specifiersOf(readFileSync(join(ROOT, file), "utf8"))) {
      if (!spec.startsWith(".")) continue; // npm packages and runtime modules (cloudflare:workers)
      edges.push({ file, target: relative(ROOT, normalize(join(ROOT, dirname(file), spec))).replaceAll("\\", "/") });
    }
  }
  return edges;
}

/** A cycle in a directed graph, as its nodes in order, or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe("the import checker itself", () => {
  it("finds static, type-only, re-exported, side-effect and dynamic imports, across lines", () => {
    const source = [
      'import { a } from "../core/a.ts";',
      'import type { B } from "./b.ts";',
      "import {\n  c,\n  d,\n} from '../../workers/gateway/c.ts';",
      'export { e } from "../protocol/e.ts";',
      'export * from "./f.ts";',
      'import "./side-effect.ts";',
      'const g = await import("../durable-objects/g.ts");',
      'const text = "not an import from here";',
    ].join("\n");
    expect(specifiersOf(source)).toEqual([
      "../core/a.ts",
      "./b.ts",
      "../../workers/gateway/c.ts",
      "../protocol/e.ts",
      "./f.ts",
      "./side-effect.ts",
      "../durable-objects/g.ts",
    ]);
  });

  it("refuses upward imports and imports between workers", () => {
    expect(mayImport("protocol", "core")).toBe(false);
    expect(mayImport("core", "durable-objects")).toBe(false);
    expect(mayImport("core", "workers/gateway")).toBe(false);
    expect(mayImport("durable-objects", "workers/media")).toBe(false);
    expect(mayImport("workers/gateway", "workers/media")).toBe(false);
    expect(mayImport("clients", "core")).toBe(false);
    expect(mayImport("workers/media", "core")).toBe(true);
    expect(layerOf("workers/media/index.ts")).toBe("workers/media");
    expect(layerOf("core/rpc/call.ts")).toBe("core");
  });

  it("finds a circle", () => {
    const graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
    ]);
    expect(findCycle(graph)).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", new Set(["b"])]]))).toBeNull();
  });
});

describe("the source tree", () => {
  const edges = importEdges();

  it("has files to check (the scan found the layers)", () => {
    const layers = new Set(edges.map((e) => layerOf(e.file)));
    for (const layer of ["protocol", "core", "durable-objects", "workers/gateway", "workers/media", "clients"])
      expect(layers).toContain(layer);
  });

  it("imports only downward: workers → durable-objects → core → protocol, clients → protocol", () => {
    const offenders = edges
      .filter((e) => !mayImport(layerOf(e.file), layerOf(e.target)))
      .map((e) => `${e.file} imports ${e.target}`);
    expect(offenders).toEqual([]);
  });

  it("has no import circle between top-level folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const { file, target } of edges) {
      const [from, to] = [file.split("/")[0] as string, target.split("/")[0] as string];
      if (from === to) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
    expect(findCycle(graph)).toBeNull();
  });

  it(`has no source file outside test/ over ${MAX_LINES} lines (generated tables aside)`, () => {
    const offenders = sourceFiles(".")
      .filter((f) => !f.startsWith("test/"))
      .map((f) => ({ f, text: readFileSync(join(ROOT, f), "utf8") }))
      // Generator output (TL tables, `npm run gen:tl`) is data nobody reads or edits by hand.
      .filter(({ text }) => !/^\/\/ Generated by `npm run [\w:]+`/.test(text))
      .map(({ f, text }) => ({ f, lines: text.trimEnd().split("\n").length }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ f, lines }) => `${f} (${lines} lines)`);
    expect(offenders).toEqual([]);
  });
});
