/**
 * `npm run state-growth`: how much Durable Object SQLite each kind of traffic adds, against a fresh
 * local system: private messages, basic-group messages, and new sessions of one device. Reads the
 * objects' SQLite files (a copy of each database and its WAL, so the running system is not disturbed)
 * and prints live bytes (pages in use, free pages excluded) and rows per object class, per unit.
 * N (default 300) sets the messages per phase; sessions are N/6.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { EdgegramClient, MemoryStorage } from "../clients/sdk/index.ts";
import { scratchStateDir, startLocalSystem } from "./local-system.ts";

const N = Number(process.env.N || 300);
const SESSIONS = Math.max(10, Math.round(N / 6));

/** Per object class: live bytes, object count, and rows per table. */
type Snapshot = Map<string, { bytes: number; objects: number; rows: Map<string, number> }>;

function snapshot(stateDir: string): Snapshot {
  const out: Snapshot = new Map();
  const doRoot = join(stateDir, "v3", "do");
  const scratch = mkdtempSync(join(tmpdir(), "growth-"));
  try {
    for (const cls of readdirSync(doRoot)) {
      const name = cls.replace(/^edgegram-[a-z-]+?-(?=[A-Z])/, "");
      const entry = out.get(name) ?? { bytes: 0, objects: 0, rows: new Map<string, number>() };
      out.set(name, entry);
      for (const f of readdirSync(join(doRoot, cls)).filter((f) => f.endsWith(".sqlite"))) {
        const copy = join(scratch, f);
        copyFileSync(join(doRoot, cls, f), copy);
        if (existsSync(join(doRoot, cls, `${f}-wal`))) copyFileSync(join(doRoot, cls, `${f}-wal`), `${copy}-wal`);
        const db = new DatabaseSync(copy);
        const pragma = (p: string) => Number(Object.values(db.prepare(`PRAGMA ${p}`).get() ?? {})[0] ?? 0);
        entry.bytes += (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
        entry.objects++;
        const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
        for (const { name: t } of tables) {
          const n = Number((db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n);
          entry.rows.set(t, (entry.rows.get(t) ?? 0) + n);
        }
        db.close();
        rmSync(copy, { force: true });
        rmSync(`${copy}-wal`, { force: true });
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}

/** What grew between two snapshots, per unit of traffic: bytes and rows per class. */
function report(label: string, before: Snapshot, after: Snapshot, units: number, unitName: string): void {
  console.log(`\n# ${label}: ${units} ${unitName}`);
  for (const [cls, a] of after) {
    const b = before.get(cls) ?? { bytes: 0, objects: 0, rows: new Map() };
    const bytes = a.bytes - b.bytes;
    const rows = [...a.rows]
      .map(([t, n]) => [t, n - (b.rows.get(t) ?? 0)] as const)
      .filter(([, d]) => d !== 0)
      .map(([t, d]) => `${t} ${d > 0 ? "+" : ""}${(d / units).toFixed(2)}`);
    if (bytes === 0 && rows.length === 0) continue;
    console.log(
      `${cls.padEnd(18)} ${(bytes / units).toFixed(0).padStart(7)} B per ${unitName.replace(/s$/, "")}` +
        `  (${(b.bytes / 1024).toFixed(0)} → ${(a.bytes / 1024).toFixed(0)} KiB in ${a.objects} objects)  rows per unit: ${rows.join(", ") || "—"}`,
    );
  }
}

const stateDir = scratchStateDir("edgegram-growth");
const sys = await startLocalSystem({ stateDir });
let phoneN = 0;

async function signUp(name: string): Promise<{ client: EdgegramClient; id: number; storage: MemoryStorage }> {
  const storage = new MemoryStorage();
  const client = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, storage, deviceModel: "growth" });
  await client.connect();
  const phone = `+1556${String(process.pid % 1000).padStart(3, "0")}${String(++phoneN).padStart(4, "0")}`;
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const code = ((await (await fetch(`${sys.url}/dev/codes/${encodeURIComponent(phone)}`)).json()) as { code: string })
    .code;
  await client.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  const auth = await client.call("auth.signUp", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    first_name: name,
  });
  if (auth._ !== "auth.authorization") throw new Error("sign-up failed");
  return { client, id: auth.user.id, storage };
}

const settle = () => new Promise((r) => setTimeout(r, 1500));
let rid = 0;
const send = (c: EdgegramClient, peer: { _: "user" | "chat"; id: number }, i: number) =>
  c.call("messages.sendMessage", {
    peer,
    message: `growth message ${i} with some ordinary text`,
    random_id: String(1e9 + ++rid),
  });

try {
  const [a, b, c] = [await signUp("A"), await signUp("B"), await signUp("C")];
  const group = (await a.client.call("messages.createChat", { title: "Growth", users: [b.id, c.id] })).chat.id;
  // Warm-up: every object involved exists before the first snapshot.
  await send(a.client, { _: "user", id: b.id }, 0);
  await send(a.client, { _: "chat", id: group }, 0);
  await settle();

  let before = snapshot(stateDir);
  for (let i = 1; i <= N; i++) await send(a.client, { _: "user", id: b.id }, i);
  await settle();
  let after = snapshot(stateDir);
  report(
    "private messages A → B (each: one ChatObject message, one update for A and one for B)",
    before,
    after,
    N,
    "messages",
  );

  before = after;
  for (let i = 1; i <= N; i++) await send(a.client, { _: "chat", id: group }, i);
  await settle();
  after = snapshot(stateDir);
  report(
    "basic-group messages, 3 members (each: one ChatObject message, an update for each member)",
    before,
    after,
    N,
    "messages",
  );

  before = after;
  for (let i = 0; i < SESSIONS; i++) {
    // A new client on A's stored auth key is a new session of the same device.
    const s = new EdgegramClient({
      server: sys.url,
      serverKey: sys.serverKey,
      storage: a.storage,
      autoReconnect: false,
    });
    await s.connect();
    await s.call("help.getConfig", {});
    s.close();
  }
  await settle();
  after = snapshot(stateDir);
  report("new sessions of one device (connect, one call, close)", before, after, SESSIONS, "sessions");
  for (const p of [a, b, c]) p.client.close();
} finally {
  await sys.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
