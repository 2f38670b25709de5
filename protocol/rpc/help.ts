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
