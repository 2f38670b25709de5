/**
 * How sign-in codes reach people. Pluggable: local development logs the code
 * (and the dev endpoint shows it); a deployment plugs in SMS or e-mail here.
 */
import { RpcError } from "../protocol/errors.ts";

export interface CodeDelivery {
  readonly type: "dev" | "sms" | "app";
  deliver(phone: string, code: string): Promise<void>;
}

const devLog: CodeDelivery = {
  type: "dev",
  async deliver(phone, code) {
    console.log(`[dev] sign-in code for ${phone}: ${code}`);
  },
};

/** No delivery configured outside development: refuse plainly rather than pretend a code was sent. */
const unconfigured: CodeDelivery = {
  type: "sms",
  async deliver() {
    throw new RpcError(500, "PHONE_CODE_DELIVERY_UNAVAILABLE");
  },
};

export function codeDeliveryFor(env: Env): CodeDelivery {
  return env.DEV_MODE === "1" ? devLog : unconfigured;
}
