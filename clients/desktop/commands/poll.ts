/**
 * `edgegram poll`, `edgegram vote` and `edgegram dice`: make a poll or quiz,
 * vote in one by option number, throw a dice (the server picks the value).
 */
import { DICE_MAX_VALUE, isPollMedia, summaryOf } from "../../../protocol/model/message-media.ts";
import { type Command, stringOpt, withClient } from "../command.ts";
import { CliError, usageError } from "../output.ts";
import { randomId, resolvePeer } from "../peer.ts";

export const poll: Command = {
  name: "poll",
  usage: 'edgegram poll <peer> "<question>" <option> <option>… [--quiz <right option #>] [--multiple] [--public]',
  summary: "send a poll (or a quiz with --quiz); --public shows voters to you",
  options: { quiz: { type: "string" }, multiple: { type: "boolean" }, public: { type: "boolean" } },
  async run(ctx) {
    const [peerArg, question, ...options] = ctx.args;
    if (!peerArg || !question || options.length === 0) throw usageError("ARGUMENTS_INVALID", `usage: ${poll.usage}`);
    const quiz = stringOpt(ctx, "quiz");
    if (quiz !== undefined && !(Number(quiz) >= 1 && Number(quiz) <= options.length))
      throw usageError("QUIZ_CORRECT_ANSWER_INVALID", `--quiz 1..${options.length}`);
    await withClient(ctx.flags, async ({ client }) => {
      const peer = await resolvePeer(client, peerArg);
      const { message } = await client.call("messages.sendMedia", {
        peer,
        media: {
          _: "inputMediaPoll",
          poll: {
            question,
            answers: options.map((text, i) => ({ text, option: String(i) })),
            ...(ctx.opts.multiple ? { multiple_choice: true } : {}),
            ...(ctx.opts.public ? { public_voters: true } : {}),
            ...(quiz !== undefined ? { quiz: true } : {}),
          },
          ...(quiz !== undefined ? { correct_answers: [String(Number(quiz) - 1)] } : {}),
        },
        random_id: randomId(),
      });
      ctx.out.result({ message }, () => `Sent #${message.id}`);
    });
  },
};

export const vote: Command = {
  name: "vote",
  usage: "edgegram vote <peer> <msg-id> <option #>… (none: retract)",
  summary: "vote in a poll by option number (1 = first)",
  options: {},
  async run(ctx) {
    const [peerArg, idArg, ...picks] = ctx.args;
    if (!peerArg || !idArg) throw usageError("ARGUMENTS_INVALID", `usage: ${vote.usage}`);
    if (!/^\d{1,15}$/.test(idArg)) throw usageError("MESSAGE_ID_INVALID");
    if (picks.some((p) => !/^\d{1,2}$/.test(p))) throw usageError("OPTION_INVALID", "options are numbers, 1 = first");
    await withClient(ctx.flags, async ({ client }) => {
      const peer = await resolvePeer(client, peerArg);
      const { messages } = await client.call("messages.getMessages", { peer, id: [Number(idArg)] });
      const media = messages[0]?.media;
      if (!isPollMedia(media)) throw new CliError(400, "MESSAGE_ID_INVALID", `message #${idArg} is not a poll`);
      const options = picks.map((p) => {
        const answer = media.poll.answers[Number(p) - 1];
        if (!answer) throw usageError("OPTION_INVALID", `options are 1..${media.poll.answers.length}`);
        return answer.option;
      });
      const { updates } = await client.call("messages.sendVote", { peer, msg_id: Number(idArg), options });
      const u = updates.find((x) => x._ === "updateMessagePoll");
      const line =
        u?._ === "updateMessagePoll" ? summaryOf({ _: "messageMediaPoll", poll: u.poll, results: u.results }) : "";
      ctx.out.result({ updates }, () => line || "Voted");
    });
  },
};

export const dice: Command = {
  name: "dice",
  usage: `edgegram dice <peer> [${Object.keys(DICE_MAX_VALUE).join(" | ")}]`,
  summary: "throw a dice; the server picks the value",
  options: {},
  async run(ctx) {
    const [peerArg, emoticon = "🎲", ...rest] = ctx.args;
    if (!peerArg || rest.length) throw usageError("ARGUMENTS_INVALID", `usage: ${dice.usage}`);
    await withClient(ctx.flags, async ({ client }) => {
      const peer = await resolvePeer(client, peerArg);
      const { message } = await client.call("messages.sendMedia", {
        peer,
        media: { _: "inputMediaDice", emoticon },
        random_id: randomId(),
      });
      const m = message.media;
      ctx.out.result({ message }, () =>
        m && "_" in m && m._ === "messageMediaDice"
          ? `Sent #${message.id}: ${m.emoticon} ${m.value}`
          : `Sent #${message.id}`,
      );
    });
  },
};
