/** Browsers: keeps the client's keys in IndexedDB so a reload stays signed in. */
import type { KeyValueStorage } from "./storage.ts";

export class IndexedDbStorage implements KeyValueStorage {
  private db: Promise<IDBDatabase> | null = null;
  private readonly name: string;
  constructor(name = "edgegram") {
    this.name = name;
  }

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore("kv");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  private async tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const req = fn(db.transaction("kv", mode).objectStore("kv"));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async get(key: string) {
    return ((await this.tx("readonly", (s) => s.get(key))) as string | undefined) ?? null;
  }
  async set(key: string, value: string) {
    await this.tx("readwrite", (s) => s.put(value, key));
  }
  async delete(key: string) {
    await this.tx("readwrite", (s) => s.delete(key));
  }
}
