/**
 * docs/bot-api.md's "Supported methods" table must list exactly the methods
 * the dispatch table serves, and its count line must add up; a new method is
 * documented by adding its row (and removing it from "Not supported").
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { METHODS } from "../../../workers/bot-api/dispatch.ts";
import { OFFICIAL_METHODS } from "../../../workers/bot-api/official-methods.ts";

const doc = readFileSync(new URL("../../../docs/bot-api.md", import.meta.url), "utf8");

/** The text under a "## " heading, up to the next one. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/bot-api.md has no "## ${heading}" section`);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The method names in a section's table: the first cell of each row, in backticks. */
function tableMethods(text: string): string[] {
  return [...text.matchAll(/^\|\s*`([A-Za-z]+)`\s*\|/gm)].map((m) => m[1] as string);
}

const served = OFFICIAL_METHODS.filter((name) => Object.hasOwn(METHODS, name.toLowerCase()));
const supported = tableMethods(section("Supported methods"));
const notSupported = tableMethods(section('Not supported (answer 400 "method is not supported by this server")'));

describe("docs/bot-api.md method tables", () => {
  it("the dispatch table serves only official methods", () => {
    const official = new Set(OFFICIAL_METHODS.map((n) => n.toLowerCase()));
    expect(Object.keys(METHODS).filter((n) => !official.has(n))).toEqual([]);
  });

  it("'Supported methods' lists exactly the served methods, once each, in order", () => {
    expect(supported).toEqual([...served].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("'Not supported' lists exactly the official methods not served", () => {
    const unserved = OFFICIAL_METHODS.filter((name) => !Object.hasOwn(METHODS, name.toLowerCase()));
    expect([...notSupported].sort()).toEqual([...unserved].sort());
    expect(new Set(notSupported).size).toBe(notSupported.length);
  });

  it("the count line is true", () => {
    const line = section("Supported methods").match(/(\d+) methods\): (\d+) supported, (\d+) answered/);
    expect(line, "count line '(… N methods): S supported, U answered' not found").not.toBeNull();
    const [, total, yes, no] = (line as RegExpMatchArray).map(Number);
    expect(total).toBe(OFFICIAL_METHODS.length);
    expect(yes).toBe(served.length);
    expect(no).toBe(OFFICIAL_METHODS.length - served.length);
  });
});
