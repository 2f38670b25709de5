import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { randomBytes, toHex } from "../../protocol/binary.ts";
import { MAX_TEXT_BODY_BYTES } from "../../protocol/bot-api/strict-input.ts";
import { MAX_FRAME_SIZE } from "../../protocol/frame.ts";
import { HELLO_SIZE } from "../../protocol/handshake.ts";
import { WS_CLOSE_HELLO_TIMEOUT, WS_CLOSE_MESSAGE_TOO_BIG, WS_HELLO_TIMEOUT_MS } from "../../protocol/transport.ts";
import { openSocket, RawDevice } from "./raw-device.ts";

const CHUNK = 64 * 1024;
const HUGE = 400 * 1024 * 1024;

/** A chunked body (no Content-Length) that would be 400 MiB if read whole; counts the bytes pulled. */
function hugeChunked() {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= HUGE) return controller.close();
      sent += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x7b));
    },
  });
  return { stream, sent: () => sent };
}

/** A body that sends a few bytes, then nothing more. */
const stalled = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(8));
    },
  });

describe("every body is read through its endpoint's cap, whatever Content-Length says", () => {
  it("refuses a 400 MB chunked auth-key hello after reading about one hello (400 HANDSHAKE_INVALID)", async () => {
    const body = hugeChunked();
    const res = await SELF.fetch("http://gateway.test/v1/auth_key", { method: "POST", body: body.stream });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 400, message: "HANDSHAKE_INVALID" } });
    // The first chunk passes the 68-byte cap; the pipe may have a few more in flight, never the rest.
    expect(body.sent()).toBeLessThan(HELLO_SIZE + 16 * CHUNK);
  });

  it("refuses a lying Content-Length before reading (a declared 400 MB hello)", async () => {
    const res = await SELF.fetch("http://gateway.test/v1/auth_key", {
      method: "POST",
      headers: { "content-length": String(HUGE) },
      body: new Uint8Array(HELLO_SIZE + 1),
    });
    expect(res.status).toBe(400);
  });

  for (const step of ["", "/connect"]) {
    it(`refuses a 400 MB chunked body on /v1/http/<id>${step} after at most a frame (413 FRAME_TOO_LARGE)`, async () => {
      const dev = await RawDevice.connect();
      const body = hugeChunked();
      const res = await SELF.fetch(`http://gateway.test/v1/http/${dev.authKeyId}${step}`, {
        method: "POST",
        body: body.stream,
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: { code: 413, message: "FRAME_TOO_LARGE" } });
      expect(body.sent()).toBeLessThan(MAX_FRAME_SIZE + 16 * CHUNK);
    });
  }

  it("refuses a 400 MB chunked Bot API JSON body after its 1 MB cap", async () => {
    const body = hugeChunked();
    const token = `12345:${"a".repeat(35)}`;
    const res = await SELF.fetch(`http://gateway.test/bot${token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body.stream,
    });
    expect(res.status).toBe(401); // the token's verdict is told first; the body was refused unread
    expect(body.sent()).toBeLessThan(MAX_TEXT_BODY_BYTES + 16 * CHUNK);
  });

  it("reads no Bot API upload body before the token is accepted (a stranger's 400 MB multipart)", async () => {
    const body = hugeChunked();
    const token = `12345:${"a".repeat(35)}`;
    const res = await SELF.fetch(`http://gateway.test/bot${token}/sendDocument`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: body.stream,
    });
    expect(res.status).toBe(401);
    expect(body.sent()).toBeLessThan(16 * CHUNK);
  });

  it("cuts off an auth-key hello that stops arriving: 408 REQUEST_TIMEOUT within its 10 s", async () => {
    const res = await SELF.fetch("http://gateway.test/v1/auth_key", { method: "POST", body: stalled() });
    expect(res.status).toBe(408);
    expect(await res.json()).toEqual({ error: { code: 408, message: "REQUEST_TIMEOUT" } });
  }, 20_000);

  it("cuts off an HTTP-fallback frame that stops arriving: 408 REQUEST_TIMEOUT", async () => {
    const id = toHex(randomBytes(8));
    const res = await SELF.fetch(`http://gateway.test/v1/http/${id}`, { method: "POST", body: stalled() });
    expect(res.status).toBe(408);
  }, 20_000);
});

describe("sockets are bounded too", () => {
  const closeOf = (ws: WebSocket) =>
    new Promise<{ code: number; at: number }>((r) =>
      ws.addEventListener("close", (ev) => r({ code: ev.code, at: Date.now() })),
    );

  it("closes a socket that never sends its connect hello within the documented 10 s (4408)", async () => {
    const dev = await RawDevice.connect();
    const opened = Date.now();
    const ws = await openSocket(dev.authKeyId);
    const text = new Promise<string>((r) => ws.addEventListener("message", (ev) => r(String(ev.data)), { once: true }));
    const closed = await closeOf(ws);
    expect(closed.code).toBe(WS_CLOSE_HELLO_TIMEOUT);
    expect(JSON.parse(await text)).toEqual({ error: { code: 408, message: "HANDSHAKE_TIMEOUT" } });
    // Not before its time (the alarm may run up to a few seconds late on a loaded machine).
    expect(closed.at - opened).toBeGreaterThanOrEqual(WS_HELLO_TIMEOUT_MS - 50);
  }, 40_000);

  it("closes a socket that sends a message over the frame maximum with 1009", async () => {
    const dev = await RawDevice.connect();
    const ws = await openSocket(dev.authKeyId);
    const closed = closeOf(ws);
    ws.send(new Uint8Array(MAX_FRAME_SIZE + 1));
    expect((await closed).code).toBe(WS_CLOSE_MESSAGE_TOO_BIG);
  }, 20_000);
});
