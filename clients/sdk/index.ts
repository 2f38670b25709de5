/** The Edgegram client library: one entry for Node and browsers. */

export { RpcError } from "../../protocol/errors.ts";
export type { MethodName, Params, Result } from "../../protocol/rpc/index.ts";
export { type ClientOptions, type ConnectionState, EdgegramClient } from "./client.ts";
export { IndexedDbStorage } from "./indexeddb-storage.ts";
export { NetworkError, type NetworkFailure } from "./network-error.ts";
export { type KeyValueStorage, MemoryStorage } from "./storage.ts";
export { type UpdatesEvents, UpdatesManager, type UpdatesManagerOptions } from "./updates-manager.ts";
export {
  type DownloadOptions,
  downloadFile,
  fileUrl,
  type UploadOptions,
  type UploadSource,
  uploadFile,
} from "./upload.ts";
// Node only (reads paths on disk): import uploadPath from "./upload-node.ts".
