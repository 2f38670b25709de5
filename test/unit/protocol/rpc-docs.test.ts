/**
 * docs/rpc.md is generated from the RPC schemas: it must be current, name
 * every method, carry a worked example the schemas accept, and list the
 * errors the handlers really throw (declared per method in protocol/rpc).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { methods } from "../../../protocol/rpc/index.ts";
import { example } from "../../../scripts/rpc-docs/intro.ts";
import { anchor, renderRpcDocs } from "../../../scripts/rpc-docs/render.ts";
import { asNode, schemaErrors } from "../../../scripts/rpc-docs/schema-text.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const committed = readFileSync(join(root, "docs", "rpc.md"), "utf8");

/** Where RPC errors are thrown: handlers and rules (core), objects, the gateway, the media service. */
const THROWING_CODE = ["core", "durable-objects", "workers/gateway", "workers/media"];

/** Errors thrown in that code that no RPC method answers: the Bot API's own (it shapes them itself), and transport refusals. */
const NOT_FROM_RPC = new Set([
  "400 AUTH_KEY_ID_INVALID", // the gateway refusing a WebSocket upgrade (docs/protocol.md §4), before any RPC
  "400 BOT_METHOD_INVALID", // core/rpc/call.ts: a bot calling a method bots may not use
  "401 BOT_TOKEN_INVALID",
  "409 GETUPDATES_WEBHOOK_ACTIVE",
  "400 QUERY_ID_INVALID", // answerCallbackQuery
  "400 WEBHOOK_ADDRESS_RESERVED", // setWebhook outside DEV_MODE: loopback, private or metadata address
  "400 WEBHOOK_HTTPS_REQUIRED",
  "400 WEBHOOK_URL_INVALID",
  "500 RPC_INTERRUPTED", // any method, from the device when its instance died mid-request (docs/protocol.md §5)
  "400 TEMP_AUTH_KEY_EMPTY", // MTProto's auth.bindTempAuthKey (durable-objects/mtproto-bind.ts, docs/mtproto.md)
  "400 ENCRYPTED_MESSAGE_INVALID",
  "400 FILE_REFERENCE_INVALID", // MTProto's file locations (core/mtproto/files.ts, docs/mtproto.md "Files")
  "400 LOCATION_INVALID",
  "400 FILE_REFERENCE_EXPIRED", // MTProto's inputPeerPhotoFileLocation naming a photo no longer current (profile-photos.ts)
]);

const CODES: Record<string, number> = {
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  internal: 500,
};

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** Every `<code> <TEXT>` the code can throw; `${…}` in a template becomes `<…>`. */
function thrownErrors(): Set<string> {
  const out = new Set<string>();
  for (const file of THROWING_CODE.flatMap((d) => sourceFiles(join(root, d)))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/Errors\.(\w+)\(\s*["`]([A-Z][A-Z0-9_]*(?:\$\{[^}]+\}[A-Z0-9_]*)*)["`]/g)) {
      const code = CODES[m[1] as string];
      if (code) out.add(`${code} ${(m[2] as string).replace(/\$\{[^}]+\}/g, "<…>")}`);
    }
    for (const m of text.matchAll(/new RpcError\((\d{3}),\s*"([A-Z][A-Z0-9_]+)"\)/g)) out.add(`${m[1]} ${m[2]}`);
    if (/Errors\.floodWait\(|FLOOD_WAIT_\$\{/.test(text)) out.add("420 FLOOD_WAIT_<…>");
    // The media service's part rules answer as values ({ error }) that the upload object throws as 400s.
    if (file.endsWith("part-rules.ts"))
      for (const m of text.matchAll(/error: "([A-Z][A-Z0-9_]+)"/g)) out.add(`400 ${m[1]}`);
  }
  return out;
}

/** Declared errors with their placeholders (`<KIND>`, `<s>`) written as `<…>`, as thrownErrors writes them. */
const normalised = (e: string) => e.replace(/<[^>]*>/g, "<…>");

describe("docs/rpc.md", () => {
  it("is what the generator writes from the schemas today (run `npm run docs:rpc`)", async () => {
    expect(await renderRpcDocs(root)).toBe(committed);
  });

  it("has an entry for every method of the registry", () => {
    for (const name of Object.keys(methods)) {
      expect(committed).toContain(`\n### ${name}\n`);
      expect(committed).toContain(`](#${anchor(name)})`);
    }
  });

  it("links only to headings it has", () => {
    const anchors = new Set([...committed.matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1] as string)));
    const links = [...committed.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] as string);
    expect(links.length).toBeGreaterThan(100);
    expect(links.filter((l) => !anchors.has(l))).toEqual([]);
  });

  it("works an example the schemas of messages.sendMessage accept", () => {
    const spec = methods["messages.sendMessage"];
    expect(v.safeParse(spec.params, example.params).issues).toBeUndefined();
    expect(v.safeParse(spec.result, example.result).issues).toBeUndefined();
    expect(committed).toContain(JSON.stringify(example.result, null, 2));
  });

  it("declares, with some method, every error the handlers and objects throw", () => {
    const declared = new Set(Object.values(methods).flatMap((m) => (m.errors ?? []).map(normalised)));
    // What a params schema answers is listed with its method too.
    for (const m of Object.values(methods)) for (const e of schemaErrors(asNode(m.params))) declared.add(`400 ${e}`);
    const missing = [...thrownErrors()].filter((e) => !declared.has(e) && !NOT_FROM_RPC.has(e));
    expect(missing).toEqual([]);
  });

  it("declares, with each method, the errors its handler throws itself", () => {
    // The handler tables.
    const files = sourceFiles(join(root, "core/rpc"));
    const names = new Set(Object.keys(methods));
    const checked: string[] = [];
    const undeclared: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      // A handler runs from its key (`async "messages.sendMessage"(`, `"x.y": (`, `initConnection(`) to the next.
      const keys = [...text.matchAll(/^\s+(?:async\s+)?"?([\w.]+)"?(?:\(|:\s*(?:async\s*)?\()/gm)].filter((m) =>
        names.has(m[1] as string),
      );
      keys.forEach((m, i) => {
        const name = m[1] as keyof typeof methods;
        const body = text.slice(m.index, keys[i + 1]?.index ?? text.length);
        const spec = methods[name];
        const allowed = new Set([
          ...(spec.errors ?? []).map(normalised),
          ...[...schemaErrors(asNode(spec.params))].map((e) => `400 ${e}`),
          "401 AUTH_KEY_UNREGISTERED",
        ]);
        checked.push(name);
        for (const t of body.matchAll(/Errors\.(\w+)\(\s*"([A-Z][A-Z0-9_]*)"/g)) {
          const e = `${CODES[t[1] as string]} ${t[2]}`;
          if (!allowed.has(e)) undeclared.push(`${name}: ${e}`);
        }
      });
    }
    expect(undeclared).toEqual([]);
    // If the handlers' layout changes, teach the pattern above the new one rather than check nothing.
    expect(checked.length, "handlers found in the handler tables").toBeGreaterThan(40);
  });

  it("declares no error that nothing throws", () => {
    const thrown = thrownErrors();
    // Errors a schema produces by a check valibot cannot show (rawCheck) are declared too: they are in protocol/.
    for (const file of ["model", "rpc"].flatMap((d) => sourceFiles(join(root, "protocol", d))))
      for (const m of readFileSync(file, "utf8").matchAll(/"([A-Z][A-Z0-9_]+)"/g)) thrown.add(`400 ${m[1]}`);
    const stale = Object.entries(methods).flatMap(([name, m]) =>
      (m.errors ?? []).filter((e) => !thrown.has(normalised(e))).map((e) => `${name}: ${e}`),
    );
    expect(stale).toEqual([]);
    for (const e of NOT_FROM_RPC) expect(thrown.has(e), e).toBe(true);
  });
});
