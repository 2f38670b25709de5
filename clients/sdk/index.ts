/** The Edgegram client library: one entry for Node and browsers. */
export { EdgegramClient, type ClientOptions, type ConnectionState } from "./client.ts";
export { MemoryStorage, type KeyValueStorage } from "./storage.ts";
export { IndexedDbStorage } from "./indexeddb-storage.ts";
export { RpcError } from "../../protocol/errors.ts";
export type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";
