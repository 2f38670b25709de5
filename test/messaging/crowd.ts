/** Workerd-side helpers for chats with many members: accounts whose devices never connect, invited 200 at a time. */
import { env } from "cloudflare:workers";
import gateway from "../../workers/gateway/index.ts";
import type { Person } from "./people.ts";

let phoneSeq = 0;
/** Accounts with one registered device that never connects, as `npm run channel-scale` makes them. */
export async function offlineAccounts(n: number, firstName = "Offline"): Promise<number[]> {
  const phones = Array.from(
    { length: n },
    () => `+1777${String(Date.now() % 1_000_000).padStart(6, "0")}${String(++phoneSeq).padStart(4, "0")}`,
  );
  const res = await gateway.fetch(
    new Request("http://127.0.0.1/dev/accounts", {
      method: "POST",
      body: JSON.stringify({ phones, first_name: firstName, offline_device: true }),
    }),
    env,
    {} as ExecutionContext,
  );
  if (!res.ok) throw new Error(`/dev/accounts: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ids: number[] }).ids;
}

/** An admin invites these users to a channel or supergroup, 200 a call (the method's limit). */
export async function inviteAll(admin: Person, channelId: number, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 200)
    await admin.call("channels.inviteToChannel", { channel_id: channelId, users: ids.slice(i, i + 200) });
}
