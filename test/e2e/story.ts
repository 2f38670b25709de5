/** Helpers that read like the user's story: `const alice = await signUp(server, "Alice")`. */
import { inject } from "vitest";
import { EdgegramClient } from "../../clients/sdk/index.ts";
import type { KeyValueStorage } from "../../clients/sdk/storage.ts";
import { MemoryStorage } from "../../clients/sdk/storage.ts";
import type { User } from "../../protocol/model/user.ts";

export interface Server {
  url: string;
  key: string;
}

export const server = (): Server => ({ url: inject("serverUrl"), key: inject("serverKey") });

export interface Person {
  client: EdgegramClient;
  user: User;
  phone: string;
  storage: KeyValueStorage;
}

let phoneCounter = 0;
export function newPhone(): string {
  phoneCounter++;
  return `+1${String(Date.now()).slice(-7)}${String(process.pid % 100).padStart(2, "0")}${phoneCounter}`;
}

export async function devCode(srv: Server, phone: string): Promise<string> {
  const res = await fetch(`${srv.url}/dev/codes/${encodeURIComponent(phone)}`);
  if (!res.ok) throw new Error(`no dev code for ${phone}: ${res.status}`);
  return ((await res.json()) as { code: string }).code;
}

export async function device(srv: Server, storage: KeyValueStorage = new MemoryStorage()): Promise<EdgegramClient> {
  const client = new EdgegramClient({ server: srv.url, serverKey: srv.key, storage, deviceModel: "test" });
  await client.connect();
  return client;
}

/** A new account: phone → code → sign-up, on a fresh device. */
export async function signUp(srv: Server, firstName: string, phone = newPhone()): Promise<Person> {
  const storage = new MemoryStorage();
  const client = await device(srv, storage);
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const code = await devCode(srv, phone);
  const first = await client.call("auth.signIn", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    phone_code: code,
  });
  if (first._ !== "auth.authorizationSignUpRequired") throw new Error("phone already registered");
  const auth = await client.call("auth.signUp", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    first_name: firstName,
  });
  if (auth._ !== "auth.authorization") throw new Error("sign-up failed");
  return { client, user: auth.user, phone, storage };
}

/** Another device of an existing account (e.g. Bob's laptop). */
export async function signIn(srv: Server, phone: string): Promise<Person> {
  const storage = new MemoryStorage();
  const client = await device(srv, storage);
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const code = await devCode(srv, phone);
  const auth = await client.call("auth.signIn", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    phone_code: code,
  });
  if (auth._ !== "auth.authorization") throw new Error("not registered");
  return { client, user: auth.user, phone, storage };
}
