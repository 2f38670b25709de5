/** Rate-limit keys: one IPv4 address, or one IPv6 /64 (a single subscriber's usual allocation). */
import { describe, expect, it } from "vitest";
import { limitedIp } from "../../core/client-ip.ts";

const keyOf = (ip: string, devMode?: string) =>
  limitedIp(new Headers({ "cf-connecting-ip": ip }), { DEV_MODE: devMode } as never);

describe("client address for rate limits", () => {
  it("Should key every address of one IPv6 /64 the same, and different /64s apart", () => {
    const a = keyOf("2001:db8:85a3:1234:0:8a2e:370:7334");
    expect(a).toBe("2001:db8:85a3:1234::/64");
    expect(keyOf("2001:0db8:85a3:1234:ffff:ffff:ffff:ffff")).toBe(a);
    expect(keyOf("2001:DB8:85A3:1234::1")).toBe(a);
    expect(keyOf("2001:db8:85a3:1235::1")).not.toBe(a);
    expect(keyOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(keyOf("::1")).toBe("0:0:0:0::/64");
  });

  it("Should keep IPv4 addresses whole, including IPv4 written as IPv6", () => {
    expect(keyOf("203.0.113.7")).toBe("203.0.113.7");
    expect(keyOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("Should leave loopback unlimited only in development, and no header unlimited", () => {
    expect(keyOf("127.0.0.1", "1")).toBeNull();
    expect(keyOf("::1", "1")).toBeNull();
    expect(keyOf("127.0.0.1")).toBe("127.0.0.1");
    expect(limitedIp(new Headers(), {} as never)).toBeNull();
  });

  it("Should key garbage as itself rather than fail open", () => {
    expect(keyOf("not-an-ip")).toBe("not-an-ip");
    for (const bad of ["1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::9", "1::2::3", "12345::1", "g::1"])
      expect(keyOf(bad)).toBe(bad);
  });
});
