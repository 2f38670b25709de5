/**
 * A new account on a local (DEV_MODE) system: connect, send code, read it
 * from /dev/codes, sign up. Shared by the benchmarks and the load generator.
 */
import { EdgegramClient } from "../clients/sdk/index.ts";

export async function devSignUp(
  sys: { url: string; serverKey: string },
  phone: string,
  firstName: string,
  deviceModel = "bench",
): Promise<{ client: EdgegramClient; id: number }> {
  const client = new EdgegramClient({ server: sys.url, serverKey: sys.serverKey, deviceModel });
  await client.connect();
  const sent = await client.call("auth.sendCode", { phone_number: phone });
  const res = await fetch(`${sys.url}/dev/codes/${encodeURIComponent(phone)}`);
  const { code } = (await res.json()) as { code: string };
  await client.call("auth.signIn", { phone_number: phone, phone_code_hash: sent.phone_code_hash, phone_code: code });
  const auth = await client.call("auth.signUp", {
    phone_number: phone,
    phone_code_hash: sent.phone_code_hash,
    first_name: firstName,
  });
  if (auth._ !== "auth.authorization") throw new Error("sign-up failed");
  return { client, id: auth.user.id };
}
