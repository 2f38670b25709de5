/** The sign-in screen: phone → code (shown in local dev) → 2FA password → name for a new account. */
import { Box, Text, useInput } from "ink";
import { createElement as h, useState } from "react";
import { RpcError } from "../../../protocol/errors.ts";
import type { User } from "../../../protocol/model/user.ts";
import type { EdgegramClient } from "../../sdk/client.ts";
import { fetchDevCode } from "../config.ts";
import { editLine } from "./line-input.ts";

type Step = "phone" | "code" | "password" | "name";

const LABELS: Record<Step, string> = {
  phone: "Phone number",
  code: "Code",
  password: "Two-step verification password",
  name: "Your name (new account)",
};

export function LoginScreen(props: { client: EdgegramClient; server: string; onSignedIn: (u: User) => void }) {
  const { client } = props;
  const [step, setStep] = useState<Step>("phone");
  const [value, setValue] = useState("");
  const [error, setError] = useState("");
  const [hint, setHint] = useState("");
  const [busy, setBusy] = useState(false);
  const [phone, setPhone] = useState("");
  const [hash, setHash] = useState("");

  async function submit(text: string): Promise<void> {
    if (step === "phone") {
      const sent = await client.call("auth.sendCode", { phone_number: text });
      setPhone(text);
      setHash(sent.phone_code_hash);
      const dev = sent.type === "dev" ? await fetchDevCode(props.server, text) : null;
      setHint(dev ? `local development: the code is ${dev}` : "we sent you a code");
      setStep("code");
      return;
    }
    if (step === "code") {
      try {
        const auth = await client.call("auth.signIn", { phone_number: phone, phone_code_hash: hash, phone_code: text });
        if (auth._ === "auth.authorization") props.onSignedIn(auth.user);
        else setStep("name");
      } catch (e) {
        if (!(e instanceof RpcError && e.text === "SESSION_PASSWORD_NEEDED")) throw e;
        setStep("password");
      }
      setHint("");
      return;
    }
    if (step === "password") {
      const auth = await client.call("auth.checkPassword", { password: text });
      if (auth._ === "auth.authorization") props.onSignedIn(auth.user);
      return;
    }
    const [first, ...rest] = text.split(/\s+/);
    const auth = await client.call("auth.signUp", {
      phone_number: phone,
      phone_code_hash: hash,
      first_name: first ?? "",
      ...(rest.length ? { last_name: rest.join(" ") } : {}),
    });
    if (auth._ === "auth.authorization") props.onSignedIn(auth.user);
  }

  useInput((input, key) => {
    if (busy) return;
    const edit = editLine(value, input, key);
    if (!edit) return;
    if (!edit.submit) {
      setValue(edit.value);
      return;
    }
    setBusy(true);
    setError("");
    submit(edit.value.trim())
      .then(() => setValue(""))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  });

  const shown = step === "password" ? "•".repeat(value.length) : value;
  return h(
    Box,
    { flexDirection: "column", borderStyle: "round", borderColor: "cyan", paddingX: 2, paddingY: 1, width: 60 },
    h(Text, { bold: true, color: "cyan" }, "Sign in to Edgegram"),
    h(Text, { dimColor: true }, props.server),
    h(
      Box,
      { marginTop: 1 },
      h(Text, null, `${LABELS[step]}: `),
      h(Text, { color: "white" }, shown),
      h(Text, { inverse: true }, " "),
    ),
    hint ? h(Text, { color: "yellow" }, hint) : null,
    error ? h(Text, { color: "red" }, error) : null,
    h(Text, { dimColor: true }, busy ? "…" : "Enter to continue · Ctrl-C to quit"),
  );
}
