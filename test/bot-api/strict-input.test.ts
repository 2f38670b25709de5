/** Lax input refused as Telegram refuses it: not UTF-8, lone surrogates, NUL, absurd JSON, and URLs to private places. */
import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../../durable-objects/bot-webhook.ts";
import { refusedUrl } from "../../durable-objects/outbound-url.ts";
import { fetchFileUrl } from "../../workers/bot-api/file-url.ts";
import { say } from "../messaging/people.ts";
import { botCall, botFetch, ownerWithBot } from "./helpers.ts";

const NOT_UTF8 = { ok: false, error_code: 400, description: "Bad Request: strings must be encoded in UTF-8" };

async function chatWithBot() {
  const bot = await ownerWithBot();
  await say(bot.owner, { id: bot.botId }, "/start");
  const sentByBot = async () => {
    const h = await bot.owner.call<{ messages: { out: boolean }[] }>("messages.getHistory", {
      peer: { _: "user", id: bot.botId },
      limit: 20,
    });
    return h.messages.filter((m) => !m.out).length;
  };
  return { ...bot, sentByBot };
}

describe("text must be UTF-8, as Telegram requires", () => {
  it("refuses bytes that are not UTF-8 in JSON, urlencoded, query and multipart, and sends nothing", async () => {
    const { owner, token, sentByBot } = await chatWithBot();
    const json = new Uint8Array([...new TextEncoder().encode(`{"chat_id":${owner.id},"text":"a`), 0xff, 0x22, 0x7d]);
    const post = (body: BodyInit, type?: string) =>
      botFetch(`/bot${token}/sendMessage`, {
        method: "POST",
        body,
        ...(type ? { headers: { "content-type": type } } : {}),
      });
    expect((await post(json, "application/json")).body).toEqual(NOT_UTF8);
    expect((await post(`chat_id=${owner.id}&text=a%FFb`, "application/x-www-form-urlencoded")).body).toEqual(NOT_UTF8);
    expect((await botFetch(`/bot${token}/sendMessage?chat_id=${owner.id}&text=%C3`)).body).toEqual(NOT_UTF8);
    const form = new FormData();
    form.set("chat_id", String(owner.id));
    form.set("text", new Blob([new Uint8Array([0x61, 0xc0, 0xaf])]) as unknown as string);
    const boundary = "b0undary";
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(
        `--${boundary}\r\ncontent-disposition: form-data; name="chat_id"\r\n\r\n${owner.id}\r\n--${boundary}\r\ncontent-disposition: form-data; name="text"\r\n\r\n`,
      ),
      0x61,
      0xc0,
      0xaf,
      ...new TextEncoder().encode(`\r\n--${boundary}--\r\n`),
    ]);
    expect((await post(bytes, `multipart/form-data; boundary=${boundary}`)).body).toEqual(NOT_UTF8);
    expect(await sentByBot()).toBe(0);
  });

  it("refuses lone surrogates (also inside a JSON-serialized field) and NUL", async () => {
    const { owner, token, sentByBot } = await chatWithBot();
    const raw = (body: string) =>
      botFetch(`/bot${token}/sendMessage`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect((await raw(`{"chat_id":${owner.id},"text":"a\\ud800b"}`)).body).toEqual(NOT_UTF8);
    expect((await raw(`{"chat_id":${owner.id},"text":"\\udc00"}`)).body).toEqual(NOT_UTF8);
    const markup = JSON.stringify({ inline_keyboard: [[{ text: "x", callback_data: "y" }]] }).replace(
      '"x"',
      '"\\ud83d"',
    );
    expect((await botCall(token, "sendMessage", { chat_id: owner.id, text: "hi", reply_markup: markup })).body).toEqual(
      NOT_UTF8,
    );
    expect((await botCall(token, "sendMessage", { chat_id: owner.id, text: "a\u0000b" })).body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: strings must not contain NUL characters",
    });
    expect(await sentByBot()).toBe(0);
  });

  it("still takes every other text, in every encoding", async () => {
    const { owner, token } = await chatWithBot();
    const text = "Привет 👋 — ok + 100% & more";
    const form = new URLSearchParams({ chat_id: String(owner.id), text }).toString();
    const viaForm = await botFetch(`/bot${token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(viaForm.body.result.text).toBe(text);
    expect((await botFetch(`/bot${token}/sendMessage?${form}`)).body.result.text).toBe(text);
    expect((await botCall(token, "sendMessage", { chat_id: owner.id, text })).body.result.text).toBe(text);
  });
});

describe("JSON is bounded before it is parsed", () => {
  it("refuses a million-deep reply_markup and a deep JSON body with Telegram's parse errors", async () => {
    const { owner, token, sentByBot } = await chatWithBot();
    const deep = `${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`;
    // Two megabytes: over the limit for a JSON body, so it comes as a form field as uploads do.
    const form = new FormData();
    form.set("chat_id", String(owner.id));
    form.set("text", "hi");
    form.set("reply_markup", deep);
    const asField = await botFetch(`/bot${token}/sendMessage`, { method: "POST", body: form });
    expect(asField.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse reply keyboard markup JSON object",
    });
    const body = `{"chat_id":${owner.id},"text":"hi","reply_markup":{"inline_keyboard":${"[".repeat(40)}${"]".repeat(40)}}}`;
    const asBody = await botFetch(`/bot${token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(asBody.body).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: can't parse request JSON object",
    });
    // Brackets inside strings are text, not nesting.
    const brackets = "[".repeat(100);
    expect((await botCall(token, "sendMessage", { chat_id: owner.id, text: brackets })).body.result.text).toBe(
      brackets,
    );
    expect(await sentByBot()).toBe(1);
  });

  it("refuses a JSON-serialized field too large to be one, and a JSON body over a megabyte", async () => {
    const { owner, token } = await chatWithBot();
    const huge = JSON.stringify({ inline_keyboard: [[{ text: "x".repeat(300_000), callback_data: "y" }]] });
    const res = await botCall(token, "sendMessage", { chat_id: owner.id, text: "hi", reply_markup: huge });
    expect(res.body.description).toBe("Bad Request: can't parse reply keyboard markup JSON object");
    const body = JSON.stringify({ chat_id: owner.id, text: "x".repeat(1024 * 1024) });
    expect((await botCall(token, "sendMessage", JSON.parse(body))).body.description).toBe(
      "Bad Request: request is too big",
    );
  });
});

describe("URLs the server fetches never reach private places outside development", () => {
  const refused = [
    "http://127.0.0.1/x",
    "http://127.1/x",
    "http://2130706433/x",
    "http://0x7f000001/x",
    "https://localhost/x",
    "https://LOCALHOST./x",
    "https://api.localhost/x",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.100.100.200/",
    "http://0.0.0.0/",
    "http://metadata.google.internal/",
    "http://metadata/",
    "http://printer.local/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[fd00:ec2::254]/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://[64:ff9b::7f00:1]/",
  ];
  const allowed = ["https://example.com/a.jpg", "http://8.8.8.8/", "https://172.32.0.1/", "https://[2606:4700::1111]/"];

  it("refuses loopback, private, link-local, metadata and local names; lets public addresses through", () => {
    for (const url of refused) expect(refusedUrl(url), url).toBe("RESERVED");
    for (const url of allowed) expect(refusedUrl(url), url).toBeNull();
    expect(refusedUrl("ftp://example.com/f")).toBe("SCHEME");
    expect(refusedUrl("file:///etc/passwd")).toBe("SCHEME");
    expect(refusedUrl("not a url")).toBe("INVALID");
  });

  it("webhooks: HTTPS to public addresses only, outside development", () => {
    expect(() => checkWebhookUrl("https://127.0.0.1/hook", false)).toThrow("WEBHOOK_ADDRESS_RESERVED");
    expect(() => checkWebhookUrl("https://[::1]/hook", false)).toThrow("WEBHOOK_ADDRESS_RESERVED");
    expect(() => checkWebhookUrl("https://169.254.169.254/", false)).toThrow("WEBHOOK_ADDRESS_RESERVED");
    expect(() => checkWebhookUrl("http://localhost:8080/hook", false)).toThrow("WEBHOOK_HTTPS_REQUIRED");
    expect(() => checkWebhookUrl("gopher://example.com/", false)).toThrow("WEBHOOK_HTTPS_REQUIRED");
    expect(checkWebhookUrl("https://bot.example.com/hook", false)).toBe("https://bot.example.com/hook");
    // Local development keeps its local webhooks.
    expect(checkWebhookUrl("http://localhost:8080/hook", true)).toBe("http://localhost:8080/hook");
  });

  it("files by URL: a private address is refused before any fetch, and so is a redirect to one", async () => {
    const asked: string[] = [];
    const fake = (answers: Record<string, Response>) =>
      (async (input: RequestInfo | URL) => {
        const url = String(input);
        asked.push(url);
        return answers[url] ?? new Response("no", { status: 404 });
      }) as typeof fetch;
    await expect(fetchFileUrl("http://127.0.0.1:8787/x.jpg", false, fake({}))).rejects.toThrow("FILE_ID_INVALID");
    expect(asked).toEqual([]);
    const redirecting = fake({
      "https://example.com/cat.jpg": new Response(null, {
        status: 302,
        headers: { location: "http://169.254.169.254/latest" },
      }),
    });
    await expect(fetchFileUrl("https://example.com/cat.jpg", false, redirecting)).rejects.toThrow("FILE_ID_INVALID");
    expect(asked).toEqual(["https://example.com/cat.jpg"]);
    // A public redirect is followed, and the name comes from where the bytes are.
    const ok = fake({
      "https://example.com/a": new Response(null, { status: 301, headers: { location: "/b/pic.png" } }),
      "https://example.com/b/pic.png": new Response("png!", { headers: { "content-type": "image/png" } }),
    });
    expect(await fetchFileUrl("https://example.com/a", false, ok)).toMatchObject({
      type: "image/png",
      name: "pic.png",
    });
    // In local development the server's own address is allowed (bots under test serve files there).
    const local = fake({ "http://127.0.0.1:9/f.txt": new Response("x") });
    expect((await fetchFileUrl("http://127.0.0.1:9/f.txt", true, local)).bytes).toEqual(new TextEncoder().encode("x"));
  });

  it("files by URL: more than 20 MB is refused even without a length header", async () => {
    const big = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const fetcher = (async () => new Response(big)) as unknown as typeof fetch;
    await expect(fetchFileUrl("https://example.com/big", false, fetcher)).rejects.toThrow("FILE_TOO_BIG");
  });
});
