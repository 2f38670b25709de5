"""
A python-telegram-bot (v13, Debian's python3-python-telegram-bot) bot written as
for Telegram; only the API root differs. Run by test/e2e/bot-api-frameworks.test.ts:

    ptb_bot.py <api_root> <token> poll
    ptb_bot.py <api_root> <token> webhook <port>

/start answers with an inline keyboard; pressing it answers the callback and
edits the message; /file uploads a document, fetches it back through getFile
and reports whether the bytes are identical. Prints "READY" once serving.
"""
import hashlib
import sys
import warnings

warnings.simplefilter("ignore")  # PTB 13 warns that Debian's urllib3 is not its vendored one

from telegram import InlineKeyboardButton, InlineKeyboardMarkup  # noqa: E402
from telegram.ext import CallbackQueryHandler, CommandHandler, Updater  # noqa: E402

FILE_BYTES = bytes((i * 7 + (i >> 9)) & 0xFF for i in range(300_000))


def start(update, _context):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Press me", callback_data="pressed")]])
    update.message.reply_text("Welcome! Press the button.", reply_markup=keyboard)


def pressed(update, _context):
    update.callback_query.answer("Thanks!")
    update.callback_query.edit_message_text("You pressed it.")


def send_file(update, context):
    sent = update.message.reply_document(FILE_BYTES, filename="data.bin", caption="data")
    got = context.bot.get_file(sent.document.file_id).download_as_bytearray()
    same = bytes(got) == FILE_BYTES
    update.message.reply_text(
        f"download {'identical' if same else 'DIFFERENT'} {hashlib.sha256(bytes(got)).hexdigest()}"
    )


def main():
    root, token, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    updater = Updater(token, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot", use_context=True)
    me = updater.bot.get_me()
    dp = updater.dispatcher
    dp.add_handler(CommandHandler("start", start))
    dp.add_handler(CommandHandler("file", send_file))
    dp.add_handler(CallbackQueryHandler(pressed, pattern="^pressed$"))
    if mode == "poll":
        updater.start_polling(timeout=5, poll_interval=0)
    else:
        port = int(sys.argv[4])
        updater.start_webhook(
            listen="127.0.0.1", port=port, url_path="hook", webhook_url=f"http://127.0.0.1:{port}/hook"
        )
    print(f"READY {me.id} {me.username}", flush=True)
    # Runs until the test ends the process.
    updater.idle()


if __name__ == "__main__":
    main()
