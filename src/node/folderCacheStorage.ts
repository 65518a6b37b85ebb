import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheStorage } from '../core/includes/cacheStorage';

/**
 * A {@link CacheStorage} in one folder (the editor's global storage): each record is a file named
 * by the SHA-256 of its name, so names of any length or character stay valid file names. Writes
 * go to a temporary file renamed into place, so a crash never leaves half a record; a record that
 * cannot be read is simply absent.
 */
export class FolderCacheStorage implements CacheStorage {
  constructor(private readonly folder: string) {}

  async read(name: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.fileOf(name), 'utf8');
    } catch {
      return undefined;
    }
  }

  async write(name: string, text: string): Promise<void> {
    await fs.mkdir(this.folder, { recursive: true });
    const target = this.fileOf(name);
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temporary, text, 'utf8');
    await fs.rename(temporary, target);
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.fileOf(name), { force: true });
  }

  async clear(): Promise<void> {
    await fs.rm(this.folder, { recursive: true, force: true });
  }

  private fileOf(name: string): string {
    return path.join(this.folder, `${createHash('sha256').update(name).digest('hex')}.json`);
  }
}
