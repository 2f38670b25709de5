/** The TL layer's entry module: the codec over generated tables, its reader/writer and its errors. */
export {
  decode,
  decodeBare,
  decodeResult,
  encode,
  encodeBare,
  encodeResult,
  encodeValue,
  GZIP_PACKED_ID,
  readObject,
  resultType,
  type TlDecodeOptions,
  type TlObject,
  VECTOR_ID,
  writeObject,
} from "./codec.ts";
export { TlDecodeError, type TlDecodeFault, TlEncodeError } from "./errors.ts";
export { TlReader } from "./reader.ts";
export type { TlEntryData, TlParamData, TlSchemaData } from "./schema-data.ts";
export { buildTables, type TlConstructor, type TlParam, type TlTables, type TlType } from "./tables.ts";
export { TlWriter } from "./writer.ts";
