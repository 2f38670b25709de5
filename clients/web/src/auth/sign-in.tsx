/** Sign-in: phone → code (dev code hint locally) → 2FA password or sign-up with a name. */
import { useEffect, useState } from "preact/hooks";
import { RpcError } from "../../../sdk/index.ts";
import { connected, devCode, setSelf } from "../core/session.ts";
import { errorText } from "../ui/errors.ts";
import { Logo } from "../ui/logo.tsx";

type Step =
  | { name: "phone" }
  | { name: "code"; phone: string; hash: string }
  | { name: "password"; hint?: string }
  | { name: "signup"; phone: string; hash: string };

export function SignIn({ onDone }: { onDone: () => void }) {
  const [step, setStep] = useState<Step>({ name: "phone" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(fn: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const finish = async (auth: { _: string; user?: unknown }) => {
    await setSelf(auth.user as Parameters<typeof setSelf>[0]);
    onDone();
  };

  return (
    <main class="auth">
      <div class="auth-card">
        <Logo />
        {step.name === "phone" && (
          <PhoneStep
            busy={busy}
            onSubmit={(phone) =>
              run(async () => {
                const sent = await (await connected()).call("auth.sendCode", { phone_number: phone });
                setStep({ name: "code", phone, hash: sent.phone_code_hash });
              })
            }
          />
        )}
        {step.name === "code" && (
          <CodeStep
            phone={step.phone}
            busy={busy}
            onBack={() => setStep({ name: "phone" })}
            onSubmit={(code) =>
              run(async () => {
                try {
                  const auth = await (await connected()).call("auth.signIn", {
                    phone_number: step.phone,
                    phone_code_hash: step.hash,
                    phone_code: code,
                  });
                  if (auth._ === "auth.authorizationSignUpRequired")
                    setStep({ name: "signup", phone: step.phone, hash: step.hash });
                  else await finish(auth);
                } catch (e) {
                  if (e instanceof RpcError && e.text === "SESSION_PASSWORD_NEEDED") {
                    const pw = await (await connected()).call("account.getPassword", {}).catch(() => null);
                    setStep({ name: "password", hint: pw?.hint });
                  } else throw e;
                }
              })
            }
          />
        )}
        {step.name === "password" && (
          <PasswordStep
            hint={step.hint}
            busy={busy}
            onSubmit={(password) =>
              run(async () => finish(await (await connected()).call("auth.checkPassword", { password })))
            }
          />
        )}
        {step.name === "signup" && (
          <SignUpStep
            busy={busy}
            onSubmit={(first, last) =>
              run(async () =>
                finish(
                  await (await connected()).call("auth.signUp", {
                    phone_number: step.phone,
                    phone_code_hash: step.hash,
                    first_name: first,
                    last_name: last || undefined,
                  }),
                ),
              )
            }
          />
        )}
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}

function PhoneStep({ busy, onSubmit }: { busy: boolean; onSubmit: (phone: string) => void }) {
  const [phone, setPhone] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(phone.replace(/[\s()-]/g, ""));
      }}
    >
      <h1>Sign in to Edgegram</h1>
      <p class="muted">Please enter your phone number.</p>
      <label class="field">
        <span>Phone number</span>
        <input
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="+1 555 123 4567"
          value={phone}
          onInput={(e) => setPhone(e.currentTarget.value)}
          required
          autoFocus
        />
      </label>
      <button class="primary" type="submit" disabled={busy || phone.length < 5}>
        {busy ? "Sending…" : "Next"}
      </button>
    </form>
  );
}

function CodeStep(props: { phone: string; busy: boolean; onBack: () => void; onSubmit: (code: string) => void }) {
  const [code, setCode] = useState("");
  const [hint, setHint] = useState<string | null>(null);
  useEffect(() => {
    void devCode(props.phone).then(setHint);
  }, [props.phone]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(code);
      }}
    >
      <h1>{props.phone}</h1>
      <p class="muted">
        We've sent you a code.{" "}
        <button type="button" class="link" onClick={props.onBack}>
          Wrong number?
        </button>
      </p>
      {hint && (
        <p class="dev-hint" data-testid="dev-code">
          Development server — your code is <strong>{hint}</strong>
        </p>
      )}
      <label class="field">
        <span>Code</span>
        <input
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
          required
          autoFocus
        />
      </label>
      <button class="primary" type="submit" disabled={props.busy || code.length !== 6}>
        {props.busy ? "Checking…" : "Next"}
      </button>
    </form>
  );
}

function PasswordStep(props: { hint?: string; busy: boolean; onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(password);
      }}
    >
      <h1>Enter your password</h1>
      <p class="muted">Your account is protected with an additional password.</p>
      <label class="field">
        <span>Password{props.hint ? ` (hint: ${props.hint})` : ""}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
          autoFocus
        />
      </label>
      <button class="primary" type="submit" disabled={props.busy || !password}>
        Next
      </button>
    </form>
  );
}

function SignUpStep(props: { busy: boolean; onSubmit: (first: string, last: string) => void }) {
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(first.trim(), last.trim());
      }}
    >
      <h1>Your name</h1>
      <p class="muted">Enter your name to create your account.</p>
      <label class="field">
        <span>First name</span>
        <input
          name="first_name"
          autoComplete="given-name"
          value={first}
          onInput={(e) => setFirst(e.currentTarget.value)}
          required
          autoFocus
        />
      </label>
      <label class="field">
        <span>Last name (optional)</span>
        <input
          name="last_name"
          autoComplete="family-name"
          value={last}
          onInput={(e) => setLast(e.currentTarget.value)}
        />
      </label>
      <button class="primary" type="submit" disabled={props.busy || !first.trim()}>
        Start messaging
      </button>
    </form>
  );
}
