/** Node only: keeps the client's keys in a JSON file (mode 0600), e.g. in the user's config dir. */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { KeyValueStorage } from "./storage.ts";

export class FileStorage implements KeyValueStorage {
  private cache: Record<string, string> | null = null;
  private readonly path: string;
  constructor(path: string) {
    this.path = path;
  }

  private async load(): Promise<Record<string, string>> {
    if (this.cache) return this.cache;
    try {
      this.cache = JSON.parse(await readFile(this.path, "utf8")) as Record<string, string>;
    } catch {
      this.cache = {};
    }
    return this.cache;
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(this.cache ?? {}, null, 2), { mode: 0o600 });
    await rename(tmp, this.path);
  }

  async get(key: string) {
    return (await this.load())[key] ?? null;
  }
  async set(key: string, value: string) {
    (await this.load())[key] = value;
    await this.save();
  }
  async delete(key: string) {
    delete (await this.load())[key];
    await this.save();
  }
}
