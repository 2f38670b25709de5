/** help.getConfig and initConnection. */
import type { HandlerTable } from "./context.ts";

const MESSAGE_LENGTH_MAX = 4096;
const CAPTION_LENGTH_MAX = 1024;
const UPLOAD_PART_SIZE_MAX = 512 * 1024;
const BIG_FILE_SIZE_THRESHOLD = 10 * 1024 * 1024;
const CHAT_SIZE_MAX = 200_000;

/** SERVER_NEXT_PUBLIC_KEYS: comma-separated public keys of a coming rotation (docs/security.md); bad entries are dropped. */
export const announcedServerKeys = (list: string | undefined): string[] =>
  (list ?? "")
    .split(",")
    .map((k) => k.trim().toLowerCase())
    .filter((k) => /^[0-9a-f]{64}$/.test(k));

export const helpHandlers: HandlerTable<"help.getConfig" | "initConnection"> = {
  async "help.getConfig"(ctx) {
    return {
      date: Math.floor(Date.now() / 1000),
      message_length_max: MESSAGE_LENGTH_MAX,
      caption_length_max: CAPTION_LENGTH_MAX,
      upload_part_size_max: UPLOAD_PART_SIZE_MAX,
      big_file_size_threshold: BIG_FILE_SIZE_THRESHOLD,
      chat_size_max: CHAT_SIZE_MAX,
      dev_mode: ctx.env.DEV_MODE === "1",
      server_keys: announcedServerKeys(ctx.env.SERVER_NEXT_PUBLIC_KEYS),
    };
  },
  async initConnection(ctx, p) {
    ctx.device.setDevice(p.device_model, p.app_version ? `${p.app_name} ${p.app_version}` : p.app_name);
    return true;
  },
};
