/** help.* and connection setup. */
import * as v from "valibot";
import { method } from "./define.ts";

export const Config = v.object({
  date: v.number(),
  message_length_max: v.number(),
  caption_length_max: v.number(),
  upload_part_size_max: v.number(),
  big_file_size_threshold: v.number(),
  chat_size_max: v.number(),
  dev_mode: v.boolean(),
  /**
   * Server public keys (hex) the client should pin besides the one this connection was verified with:
   * the next key of a rotation. Told over the connection the pinned key authenticated, never over plain HTTP.
   */
  server_keys: v.optional(v.array(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)))),
});

export const helpMethods = {
  "help.getConfig": method({ params: v.object({}), result: Config, auth: false }),
  /** Describes the device; shown in account.getAuthorizations. Call once after connecting. */
  initConnection: method({
    params: v.object({
      device_model: v.pipe(v.string(), v.maxLength(128)),
      app_name: v.pipe(v.string(), v.maxLength(128)),
      app_version: v.optional(v.pipe(v.string(), v.maxLength(32))),
    }),
    result: v.literal(true),
    auth: false,
  }),
};
