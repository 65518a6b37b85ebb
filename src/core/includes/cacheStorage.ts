/**
 * Where the include cache keeps what it fetched between sessions: named text records. The
 * editor hands in a folder of its global storage; tests hand in a map. Never given a token:
 * only file contents, commits and the time they were checked are stored.
 */
export interface CacheStorage {
  /** The record's text, or undefined when there is none (or it cannot be read). */
  read(name: string): Promise<string | undefined>;
  write(name: string, text: string): Promise<void>;
  /** Removes one record (nothing happens when there is none). */
  remove(name: string): Promise<void>;
  /** Removes every record. */
  clear(): Promise<void>;
}

/** A {@link CacheStorage} in memory: the tests' storage, and a stand-in when no folder is available. */
export class MemoryCacheStorage implements CacheStorage {
  readonly records = new Map<string, string>();

  read(name: string): Promise<string | undefined> {
    return Promise.resolve(this.records.get(name));
  }

  write(name: string, text: string): Promise<void> {
    this.records.set(name, text);
    return Promise.resolve();
  }

  remove(name: string): Promise<void> {
    this.records.delete(name);
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.records.clear();
    return Promise.resolve();
  }
}
