import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderCacheStorage } from '../../../src/node/folderCacheStorage';

describe('FolderCacheStorage: the include cache on disk', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'release-pilot-cache-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('keeps records of any name across instances (a restart), and clear() removes them', async () => {
    const folder = path.join(root, 'include-cache');
    const name = 'content:https://gitlab.example.com|gitlab-include://gitlab.example.com/project/a b/../ü?#/ci.yml';
    await new FolderCacheStorage(folder).write(name, '{"kind":"found"}');
    await new FolderCacheStorage(folder).write('index', '{}');
    const again = new FolderCacheStorage(folder);
    assert.equal(await again.read(name), '{"kind":"found"}');
    assert.equal(await again.read('index'), '{}');
    // Names never become paths: every record is one hashed file in the folder, no temporary left behind.
    const files = fs.readdirSync(folder);
    assert.equal(files.length, 2);
    for (const file of files) assert.match(file, /^[0-9a-f]{64}\.json$/);
    await again.clear();
    assert.equal(await again.read(name), undefined);
    assert.equal(fs.existsSync(folder), false);
  });

  it('answers undefined for a record that was never written (or a folder that does not exist)', async () => {
    assert.equal(await new FolderCacheStorage(path.join(root, 'missing')).read('index'), undefined);
  });

  it('replaces a record whole, and removes one record', async () => {
    const storage = new FolderCacheStorage(root);
    await storage.write('index', 'a'.repeat(1000));
    await storage.write('index', 'b');
    await storage.write('other', 'c');
    assert.equal(await storage.read('index'), 'b');
    await storage.remove('index');
    await storage.remove('never written');
    assert.equal(await storage.read('index'), undefined);
    assert.equal(await storage.read('other'), 'c');
  });
});
