/** `edgegram` with no command: the full-screen chat UI (ink), signing in first if needed. */
import { render } from "ink";
import { createElement as h, useState } from "react";
import type { User } from "../../../protocol/model/user.ts";
import type { EdgegramClient } from "../../sdk/client.ts";
import { stillSignedIn } from "../command.ts";
import { type GlobalFlags, openClient, type Session } from "../config.ts";
import { usageError } from "../output.ts";
import { ChatScreen } from "./chat-screen.ts";
import { LoginScreen } from "./login-screen.ts";
import { ChatStore } from "./store.ts";

export async function runInteractive(flags: GlobalFlags): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw usageError("TERMINAL_REQUIRED", "the chat screen needs a terminal; for scripts see edgegram --help");
  }
  const { client, session, server } = await openClient(flags);
  let user = await session.getJson<User>("user");
  if (user && !(await stillSignedIn(client))) user = null;
  const store = user ? await startStore(client, user) : null;
  const app = render(h(App, { client, session, server, store }), {
    alternateScreen: true,
    // ink treats CI environments as non-interactive; a real terminal is what matters here.
    interactive: true,
    exitOnCtrlC: true,
  });
  await app.waitUntilExit();
  await current?.setOnline(false);
  client.close();
}

/** The chat state once signed in, so going offline on quit can be told to the server. */
let current: ChatStore | null = null;

async function startStore(client: EdgegramClient, user: User): Promise<ChatStore> {
  const store = new ChatStore(client, user);
  current = store;
  await store.start();
  signalUnread(store);
  return store;
}

/** A bell when a message arrives in another chat, and the unread count in the terminal's title. */
function signalUnread(store: ChatStore): void {
  const total = () => store.dialogs.reduce((n, d) => n + d.unread, 0);
  let last = total();
  const title = (n: number) => process.stdout.write(`\x1b]0;${n ? `(${n}) ` : ""}Edgegram\x07`);
  title(last);
  store.subscribe(() => {
    const now = total();
    if (now === last) return;
    if (now > last) process.stdout.write("\x07");
    title(now);
    last = now;
  });
}

function App(props: { client: EdgegramClient; session: Session; server: string; store: ChatStore | null }) {
  const [store, setStore] = useState(props.store);
  if (store) return h(ChatScreen, { store });
  return h(LoginScreen, {
    client: props.client,
    server: props.server,
    onSignedIn: (user: User) => {
      void props.session
        .setJson("user", user)
        .then(() => startStore(props.client, user))
        .then(setStore);
    },
  });
}
