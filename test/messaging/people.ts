/** Workerd-side story helpers: signed-up people on raw devices, and the updates pushed to them. */
import { devCode, RawDevice, signUpRaw } from "../gateway/raw-device.ts";

/** Test answers are read loosely; the schemas are tested elsewhere. */
// biome-ignore lint/suspicious/noExplicitAny: test helpers read RPC answers by shape
export type Loose = any;

export interface Person {
  id: number;
  phone: string;
  dev: RawDevice;
  call<T = Loose>(method: string, params?: unknown): Promise<T>;
}

export async function person(name: string): Promise<Person> {
  const dev = await RawDevice.connect();
  const { id, phone } = await signUpRaw(dev, name);
  return { id, phone, dev, call: (m, p = {}) => dev.call(m, p) as Promise<never> };
}

/** Signs `p` in on one more device (a new auth key, connected now). */
export async function anotherDevice(p: Person): Promise<Person> {
  const dev = await RawDevice.connect();
  const sent = (await dev.call("auth.sendCode", { phone_number: p.phone })) as { phone_code_hash: string };
  const code = await devCode(p.phone);
  await dev.call("auth.signIn", { phone_number: p.phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  return { ...p, dev, call: (m, params = {}) => dev.call(m, params) as Promise<never> };
}

let rnd = 0;
/** A fresh random_id (decimal string). */
export const randomId = () => String(Date.now() * 1000 + (++rnd % 1000));

export const userPeer = (p: { id: number }) => ({ _: "user", id: p.id });

/** Sends a text message and returns the result. */
export function say(from: Person, to: { id: number } | { _: string; id: number }, text: string) {
  const peer = "_" in to ? to : userPeer(to);
  return from.call("messages.sendMessage", { peer, message: text, random_id: randomId() });
}

/** Waits for a pushed update of kind `kind` (optionally matching), or throws. */
export async function pushed<T = Loose>(
  p: Person,
  kind: string,
  match: (u: Loose) => boolean = () => true,
): Promise<T> {
  let found: unknown;
  const r = await p.dev.next((m) => {
    if (m.body._ !== "updates") return false;
    found = (m.body.updates as { _: string }[]).find((u) => u._ === kind && match(u));
    return found !== undefined;
  }, 5000);
  if (!r) throw new Error(`no ${kind} pushed to ${p.id}`);
  return found as T;
}

/** Calls and returns the RPC error text (or "ok"). */
export async function errorOf(p: Person, method: string, params: unknown): Promise<string> {
  try {
    await p.call(method, params);
    return "ok";
  } catch (e) {
    return (e as Error).message;
  }
}
