/** messages.sendMultiMedia: resolves every file, checks Telegram's album rules, then the chat writes the album at once. */
import { Errors } from "../../protocol/errors.ts";
import { albumClassOf } from "../../protocol/rpc/albums.ts";
import { chatOf, checkEntities } from "./chat-refs.ts";
import { type HandlerTable, userIdOf } from "./context.ts";

export const albumsHandlers: HandlerTable<"messages.sendMultiMedia"> = {
  async "messages.sendMultiMedia"(ctx, p) {
    const media = ctx.env.MEDIA;
    if (!media) throw Errors.internal("MEDIA_SERVICE_UNAVAILABLE");
    const uid = userIdOf(ctx);
    for (const it of p.multi_media) checkEntities(it.message, it.entities);
    const { key, chat } = chatOf(ctx.env, uid, p.peer);
    // Membership first, so no file is granted to a chat its sender cannot post in.
    await chat.checkCanPost(key, uid, true);
    const refs = await Promise.all(p.multi_media.map((it) => media.resolveForMessage(uid, it.media)));
    const classes = new Set(refs.map((r) => albumClassOf(r.mime_type)));
    if (classes.size > 1) throw Errors.badRequest("GROUPED_MEDIA_INVALID");
    await Promise.all(refs.map((r) => media.grantToChat(r.media_id, key)));
    return chat.sendAlbum(
      key,
      uid,
      p.multi_media.map((it, i) => ({
        text: it.message,
        random_id: it.random_id,
        media: refs[i] as (typeof refs)[number],
        ...(it.entities ? { entities: it.entities } : {}),
      })),
      p.reply_to?.reply_to_msg_id,
      p.reply_to?.reply_to_top_id,
    );
  },
};
