/** The app's top level: boots the session, then shows sign-in or the messenger. */
import { useEffect, useState } from "preact/hooks";
import { SignIn } from "./auth/sign-in.tsx";
import { startMessenger } from "./core/chats.ts";
import { boot } from "./core/session.ts";
import { app } from "./core/state.ts";
import { useStore } from "./core/store.ts";
import { Messenger } from "./messenger.tsx";
import { ConnectionBanner } from "./ui/connection-banner.tsx";
import { errorText } from "./ui/errors.ts";

export function App() {
  const phase = useStore(app, (s) => s.phase);
  const [fatal, setFatal] = useState<string | null>(null);
  useEffect(() => {
    boot(startMessenger).catch((e) => setFatal(errorText(e)));
  }, []);
  if (fatal)
    return (
      <main class="auth">
        <p class="form-error" role="alert">
          Can't start Edgegram: {fatal}
        </p>
      </main>
    );
  return (
    <>
      <ConnectionBanner />
      {phase === "boot" && <div class="splash" role="progressbar" aria-label="Loading" />}
      {phase === "signed-out" && <SignIn onDone={() => void startMessenger()} />}
      {phase === "signed-in" && <Messenger />}
    </>
  );
}
