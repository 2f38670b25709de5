/**
 * Mute, pin and archive over MTProto with GramJS (npm `telegram`, unchanged): set there, read back in
 * getDialogs / getPeerDialogs / getNotifySettings, seen live by the account's Edgegram device; and set on
 * the Edgegram device, pushed to GramJS as Telegram's updates.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { Raw } from "telegram/events/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { server, signIn, signUp } from "../story.ts";
import { addGramjsServerKey, gramjsClient, gramjsSignUp, showGramjsLogOnFailure } from "./gramjs-client.ts";

const srv = server();
const clients: TelegramClient[] = [];
const FOREVER = 2147483647;

beforeAll(() => {
  addGramjsServerKey(inject("mtprotoPublicKeyPem"));
});
showGramjsLogOnFailure();
afterAll(async () => {
  for (const c of clients) await c.destroy().catch(() => {});
});

/** An Edgegram user with a username GramJS resolves (its InputPeer, with the hash GramJS was given). */
async function friendOf(client: TelegramClient, name: string) {
  const friend = await signUp(srv, name);
  const username = `${name.toLowerCase()}${Date.now().toString(36)}`;
  await friend.client.call("account.updateUsername", { username });
  const r = await client.invoke(new Api.contacts.ResolveUsername({ username }));
  const u = r.users[0] as Api.User;
  return { friend, input: new Api.InputPeerUser({ userId: u.id, accessHash: u.accessHash! }), id: u.id.toString() };
}

const peerIdOf = (p: Api.TypePeer) => (p instanceof Api.PeerUser ? p.userId.toString() : "?");

describe("GramJS: mute, pin, archive", () => {
  it("sets them over MTProto, reads them back, and both kinds of device see each other's changes", async () => {
    const client = gramjsClient(srv.url);
    clients.push(client);
    const phone = await gramjsSignUp(srv.url, client, "Sorter", "JS");
    const [ann, ben, eve] = await Promise.all([
      friendOf(client, "Ann"),
      friendOf(client, "Ben"),
      friendOf(client, "Eve"),
    ]);
    for (const f of [ann, ben])
      await client.invoke(
        new Api.messages.SendMessage({
          peer: f.input,
          message: "hi",
          randomId: bigInt(Date.now() * 1000 + (Number(f.id) % 1000)),
        }),
      );
    const sdk = await signIn(srv, phone);
    const seen: string[] = [];
    sdk.client.onUpdates((us) => {
      for (const u of us as { _: string }[]) seen.push(u._);
    });

    await client.invoke(
      new Api.messages.ToggleDialogPin({ peer: new Api.InputDialogPeer({ peer: ann.input }), pinned: true }),
    );
    await client.invoke(
      new Api.account.UpdateNotifySettings({
        peer: new Api.InputNotifyPeer({ peer: ben.input }),
        settings: new Api.InputPeerNotifySettings({ muteUntil: FOREVER }),
      }),
    );
    await client.invoke(
      new Api.folders.EditPeerFolders({ folderPeers: [new Api.InputFolderPeer({ peer: ben.input, folderId: 1 })] }),
    );
    await expect
      .poll(() => seen.filter((k) => k !== "updateNewMessage"), { timeout: 10_000 })
      .toEqual(["updateDialogPinned", "updateNotifySettings", "updateFolderPeers"]);

    const main = (await client.invoke(
      new Api.messages.GetDialogs({ folderId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: 100 }),
    )) as Api.messages.Dialogs;
    const first = main.dialogs[0] as Api.Dialog;
    expect([peerIdOf(first.peer), first.pinned]).toEqual([ann.id, true]);
    expect(main.dialogs.map((d) => peerIdOf(d.peer))).not.toContain(ben.id);
    const archived = (await client.invoke(
      new Api.messages.GetDialogs({ folderId: 1, offsetPeer: new Api.InputPeerEmpty(), limit: 100 }),
    )) as Api.messages.Dialogs;
    expect(archived.dialogs.map((d) => [peerIdOf(d.peer), (d as Api.Dialog).folderId])).toEqual([[ben.id, 1]]);
    const peerDialogs = await client.invoke(
      new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: ben.input })] }),
    );
    const benDialog = peerDialogs.dialogs[0] as Api.Dialog;
    expect([benDialog.folderId, benDialog.notifySettings.muteUntil]).toEqual([1, FOREVER]);
    const pinnedList = await client.invoke(new Api.messages.GetPinnedDialogs({ folderId: 0 }));
    expect(pinnedList.dialogs.map((d) => peerIdOf(d.peer))).toEqual([ann.id]);
    expect(pinnedList.messages.map((m) => (m as Api.Message).message)).toEqual(["hi"]);
    const settings = await client.invoke(
      new Api.account.GetNotifySettings({ peer: new Api.InputNotifyPeer({ peer: ben.input }) }),
    );
    expect(settings.muteUntil).toBe(FOREVER);
    // The Edgegram device reads the same.
    const sdkArchive = await sdk.client.call("messages.getDialogs", { folder_id: 1 });
    expect(sdkArchive.dialogs.map((d) => [d.peer.id, d.folder_id, d.notify_settings?.mute_until])).toEqual([
      [Number(ben.id), 1, FOREVER],
    ]);

    // Changes made on the Edgegram device reach GramJS as Telegram's updates.
    const pushed: Api.TypeUpdate[] = [];
    client.addEventHandler((u: Api.TypeUpdate) => {
      pushed.push(u);
    }, new Raw({}));
    await sdk.client.call("messages.toggleDialogPin", { peer: { _: "user", id: Number(ann.id) }, pinned: false });
    await sdk.client.call("folders.editPeerFolders", {
      folder_peers: [{ peer: { _: "user", id: Number(ben.id) }, folder_id: 0 }],
    });
    await expect
      .poll(() => pushed.find((u) => u instanceof Api.UpdateFolderPeers) as Api.UpdateFolderPeers | undefined, {
        timeout: 10_000,
      })
      .toBeDefined();
    const unpinned = pushed.find((u) => u instanceof Api.UpdateDialogPinned) as Api.UpdateDialogPinned;
    expect([peerIdOf((unpinned.peer as Api.DialogPeer).peer), !!unpinned.pinned]).toEqual([ann.id, false]);
    const back = pushed.find((u) => u instanceof Api.UpdateFolderPeers) as Api.UpdateFolderPeers;
    expect(back.folderPeers.map((f) => [peerIdOf(f.peer), f.folderId])).toEqual([[ben.id, 0]]);

    // A chat the account has no dialog with is refused, as Telegram does.
    await expect(
      client.invoke(
        new Api.messages.ToggleDialogPin({ peer: new Api.InputDialogPeer({ peer: eve.input }), pinned: true }),
      ),
    ).rejects.toThrow(/PEER_ID_INVALID/);
    for (const f of [ann, ben, eve]) f.friend.client.close();
    sdk.client.close();
  }, 90_000);
});
