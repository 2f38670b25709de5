/** The multipart reader keeps file bytes intact and accepts the header forms bot libraries send. */
import { describe, expect, it } from "vitest";
import { parseMultipart } from "../../workers/bot-api/multipart.ts";

const enc = new TextEncoder();
function body(parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === "string" ? enc.encode(p) : p));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe("multipart", () => {
  it("reads fields and binary files, with quoted or unquoted filenames", () => {
    const bytes = new Uint8Array([0, 255, 13, 10, 45, 45, 1, 2]);
    const parsed = parseMultipart(
      body([
        '--XyZ\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n42\r\n',
        '--XyZ\r\ncontent-disposition:form-data;name="abc";filename=pic.jpg\r\ncontent-type:image/jpeg\r\n\r\n',
        bytes,
        '\r\n--XyZ\r\nContent-Disposition: form-data; name="doc"; filename="a b.txt"\r\n\r\nhello\r\n--XyZ--\r\n',
      ]),
      "XyZ",
    );
    expect(parsed?.map((p) => [p.name, p.filename, p.type])).toEqual([
      ["chat_id", undefined, undefined],
      ["abc", "pic.jpg", "image/jpeg"],
      ["doc", "a b.txt", undefined],
    ]);
    expect(parsed?.[1]?.data).toEqual(bytes);
    expect(new TextDecoder().decode(parsed?.[0]?.data)).toBe("42");
  });

  it("returns null for a body that is not multipart", () => {
    expect(parseMultipart(enc.encode("just text"), "XyZ")).toBeNull();
    expect(parseMultipart(enc.encode("--XyZ\r\nno end of headers"), "XyZ")).toBeNull();
  });
});
