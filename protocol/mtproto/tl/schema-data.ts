/**
 * The shape of the tables `npm run gen:tl` writes to protocol/mtproto/gen/: plain data (Workers forbid
 * eval, so nothing is compiled at run time), one table per schema, interpreted by the codec.
 */

/** `[name, type]`, or `[name, type, flagsParam, bit]` for a `flags.N?T` param. Names are camelCase. */
export type TlParamData = readonly [string, string] | readonly [string, string, string, number];

/** `[id, name, type, params]`: the boxed type of a constructor, or the result type of a method. */
export type TlEntryData = readonly [number, string, string, readonly TlParamData[]];

export interface TlSchemaData {
  /** `mt`: the MTProto service schema (names prefixed `mt_`); `api`: one layer of Telegram's API. */
  readonly namespace: "mt" | "api";
  /** The API layer (0 for the service schema). */
  readonly layer: number;
  readonly constructors: readonly TlEntryData[];
  readonly methods: readonly TlEntryData[];
}
