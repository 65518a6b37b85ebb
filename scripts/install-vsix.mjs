// After `npm run package`: installs the .vsix into the desktop VS Code when its `code` command
// is on PATH; otherwise says where the file is and how to install it. A missing `code` is not
// an error (CI machines have none); a failed install is.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const vsix = path.join(root, `${name}-${version}.vsix`);

if (!existsSync(vsix)) {
  console.error(`${path.relative(process.cwd(), vsix)} not found: run \`npm run package\` first.`);
  process.exit(1);
}

const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (!hasCode) {
  console.log(`Packaged ${vsix}`);
  console.log('The `code` command is not on PATH, so nothing was installed. To install it:');
  console.log(`  code --install-extension ${vsix}`);
  console.log('  or in VS Code: Extensions view > ... menu > Install from VSIX...');
  process.exit(0);
}

const install = spawnSync('code', ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
if (install.status !== 0) {
  console.error(`\`code --install-extension ${vsix}\` failed (${install.error?.message ?? `exit code ${install.status}`}).`);
  process.exit(1);
}
console.log(`Installed ${path.basename(vsix)} into VS Code; reload the window to use it.`);
