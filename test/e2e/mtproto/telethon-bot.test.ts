/**
 * A bot written with Telethon (unchanged; it signs in with its Bot API token over MTProto) serves an
 * Edgegram SDK user: /start gets an inline keyboard, a pressed button gets the callback's answer and an
 * edited message, and text is replied to. The same bot account could run on the Bot API instead.
 */
import { describe, expect, inject, it } from "vitest";
import { personWithBot } from "../bot-story.ts";
import { server, signUp } from "../story.ts";
import { runPythonScript } from "./python-script.ts";

interface Msg {
  id: number;
  message: string;
  out?: boolean;
  reply_markup?: { rows: { text: string; callback_data?: string }[][] };
  reply_to?: { reply_to_msg_id: number };
}

describe("a Telethon bot", () => {
  it("answers /start with buttons, a pressed button with its callback answer and an edit, and text with a reply", async () => {
    const srv = server();
    const { token, botId } = await personWithBot(srv, "Telebotowner");
    const user = await signUp(srv, "Botuser");
    const peer = { _: "user" as const, id: botId };
    const history = async () =>
      ((await user.client.call("messages.getHistory", { peer, limit: 20 })).messages as Msg[]).reverse();
    const fromBot = async () => (await history()).filter((m) => !m.out);
    let handled: { commands: string[]; callbacks: string[]; texts: string[] } | undefined;
    let answer: { message?: string } | undefined;
    let seen: Msg[] = [];
    let failure: unknown;
    const run = await runPythonScript(
      "telethon_bot.py",
      { tcp_port: inject("mtprotoTcpPort"), pem: inject("mtprotoPublicKeyPem"), bot_token: token },
      async (line) => {
        if (line.startsWith("READY ")) {
          try {
            await user.client.call("messages.sendMessage", { peer, message: "/start", random_id: "1" });
            await expect
              .poll(async () => (await fromBot()).map((m) => m.message), { timeout: 20_000 })
              .toEqual(["Pick one"]);
            const keyboard = (await fromBot())[0]!;
            expect(keyboard.reply_markup?.rows[0]?.map((b) => b.text)).toEqual(["Red", "Blue"]);
            answer = await user.client.call("messages.getBotCallbackAnswer", {
              peer,
              msg_id: keyboard.id,
              data: keyboard.reply_markup!.rows[0]![1]!.callback_data!,
            });
            await expect
              .poll(async () => (await fromBot()).map((m) => m.message), { timeout: 20_000 })
              .toEqual(["Chosen: blue"]);
            const sent = await user.client.call("messages.sendMessage", { peer, message: "hello bot", random_id: "2" });
            await expect.poll(async () => (await fromBot()).length, { timeout: 20_000 }).toBe(2);
            seen = await fromBot();
            expect(seen[1]?.reply_to?.reply_to_msg_id).toBe(sent.message.id);
          } catch (e) {
            // The bot is stopped either way; the failure is thrown once it has exited.
            failure = e;
          }
          return "stop";
        }
        if (line.startsWith("{")) handled = JSON.parse(line);
        return undefined;
      },
    );
    expect(run.code, run.stderr).toBe(0);
    if (failure) throw failure;
    expect(answer?.message).toBe("You chose blue");
    expect(seen.map((m) => m.message)).toEqual(["Chosen: blue", "echo: hello bot"]);
    expect(handled).toEqual({ commands: ["/start"], callbacks: ["blue"], texts: ["hello bot"] });
    user.client.close();
  }, 120_000);
});
