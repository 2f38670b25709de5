/**
 * Which URLs the server may fetch on a user's or bot's behalf (files by URL, webhooks): HTTP(S) to
 * public addresses only, so nobody can make it reach its own loopback, a private network or a cloud
 * metadata service. Workers' fetch cannot resolve a name first and check the address, so literal IPs
 * and known local names are refused here; a public name that resolves to a private address is the
 * platform's egress policy to stop (docs/security.md).
 */

/** Host names that are always local or internal, whatever they resolve to. */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];

/** IPv4 blocks that are not the public internet (RFC 6890 and friends), as [first address, prefix length]. */
const RESERVED_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (and Alibaba Cloud's metadata at 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (AWS, GCP, Azure metadata at 169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (Oracle Cloud metadata at 192.0.0.192)
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and broadcast
];

function v4Number(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function reservedV4(n: number): boolean {
  return RESERVED_V4.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = v4Number(base) as number;
    return n >= start && n < start + size;
  });
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (compressed, lowercase). */
function v6Groups(ip: string): number[] | null {
  let text = ip;
  // A trailing dotted IPv4 (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4Number(dotted[1] as string);
    if (n === null) return null;
    text = `${text.slice(0, dotted.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail, ...rest] = text.split("::");
  if (rest.length > 0) return null;
  const parse = (s: string | undefined) => (s ? s.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const a = parse(head);
  const b = parse(tail);
  const groups = tail === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function reservedV6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embeddedV4 = g6 * 65536 + g7;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0 || g5 === 0xffff)) {
    if (g5 === 0 && g6 === 0) return true; // ::, ::1 and their neighbours
    return reservedV4(embeddedV4); // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d)
  }
  if (g0 === 0x64 && g1 === 0xff9b) return reservedV4(embeddedV4); // NAT64
  if (g0 === 0x2002) return reservedV4(g1 * 65536 + g2); // 6to4 carries an IPv4 address too
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local fc00::/7 (AWS metadata fd00:ec2::254)
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return true; // link-local, old site-local
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return true; // documentation
  return false;
}

/** Why a URL may not be fetched by the server, or null when it may. */
export function refusedUrl(raw: string): "INVALID" | "SCHEME" | "RESERVED" | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "INVALID";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "SCHEME";
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    return !groups || reservedV6(groups) ? "RESERVED" : null;
  }
  // The URL parser has already turned every IPv4 spelling (decimal, hex, short forms) into dotted form.
  const v4 = v4Number(host);
  if (v4 !== null) return reservedV4(v4) ? "RESERVED" : null;
  if (host === "localhost" || !host.includes(".")) return "RESERVED"; // single labels are intranet names
  if (LOCAL_SUFFIXES.some((s) => host.endsWith(s))) return "RESERVED";
  return null;
}
