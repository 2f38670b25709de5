"""A Telethon bot (Debian's python3-telethon 1.25, unchanged: bot_token sign-in over its default TCP
transport) as bot authors write them: it answers /start with an inline keyboard, edits its message when
a button is pressed and answers the callback, and replies to every text. Prints READY, then serves until
a line arrives on stdin; then prints one JSON object with what it handled."""
import asyncio
import json
import sys

from telethon import Button, TelegramClient, events
from telethon.sessions import MemorySession

from telethon_local import add_server_key

args = json.loads(sys.argv[1])
add_server_key(args["pem"])
handled = {"commands": [], "callbacks": [], "texts": []}


async def main():
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", args["tcp_port"])
    bot = TelegramClient(session, 12345, "0123456789abcdef0123456789abcdef", timeout=20)
    await bot.start(bot_token=args["bot_token"])

    @bot.on(events.NewMessage(pattern="/start"))
    async def start(event):
        handled["commands"].append(event.raw_text)
        await event.respond("Pick one", buttons=[[Button.inline("Red", b"red"), Button.inline("Blue", b"blue")]])
        raise events.StopPropagation

    @bot.on(events.CallbackQuery)
    async def pressed(event):
        handled["callbacks"].append(event.data.decode())
        await event.answer(f"You chose {event.data.decode()}")
        await event.edit(f"Chosen: {event.data.decode()}")

    @bot.on(events.NewMessage)
    async def echo(event):
        handled["texts"].append(event.raw_text)
        await event.reply(f"echo: {event.raw_text}")

    me = await bot.get_me()
    print("READY " + json.dumps({"username": me.username}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    await bot.disconnect()
    print(json.dumps(handled), flush=True)


asyncio.run(main())
