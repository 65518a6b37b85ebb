// `npm run demo` as a newcomer meets it: it starts, prints where to open VS Code and the token to
// sign in with, both servers answer there, and Ctrl-C stops them. Runs the demo with --no-build:
// the e2e level has just packaged the extension and compiled the tests.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'mocha';
import { holds, waitUntil } from '../harness/deadline.mjs';
import { REPO_ROOT } from '../harness/env.mjs';
import { startGroup } from '../harness/processes.mjs';

/** The labelled lines of the demo's banner: `  Open      http://...`. */
function bannerValue(output, label) {
  return new RegExp(`^\\s+${label}\\s+(\\S+)`, 'm').exec(output)?.[1];
}

const answers = (url, headers = {}) => fetch(url, { headers, signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => undefined);

describe('npm run demo', function () {
  this.timeout(180_000);
  let demo;
  let output = '';

  after(async () => {
    await demo?.stop();
  });

  it('prints the address of a running VS Code with the demo repository and a token the local GitLab accepts', async () => {
    demo = startGroup(process.execPath, [path.join(REPO_ROOT, 'scripts', 'demo.mjs'), '--no-build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    demo.child.stdout.on('data', (chunk) => (output += chunk));
    demo.child.stderr.on('data', (chunk) => (output += chunk));
    let exited = false;
    void demo.exited.then(() => (exited = true));
    await waitUntil(() => {
      if (exited) throw new Error(`npm run demo stopped before it was ready:\n${output}`);
      return holds(/Press Ctrl-C to stop/.test(output));
    }, { what: 'the demo to print its banner', deadlineMs: 150_000, intervalMs: 250, describe: () => output });

    const open = bannerValue(output, 'Open');
    const gitlab = bannerValue(output, 'GitLab');
    const token = bannerValue(output, 'Token');
    assert.match(open ?? '', /^http:\/\/127\.0\.0\.1:\d+\/\?folder=.+sample-service$/, output);
    assert.match(gitlab ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, output);
    assert.match(token ?? '', /^glpat-/, output);
    assert.equal(await answers(open), 200, 'the workbench answers at the printed address');
    const user = await fetch(`${gitlab}/api/v4/user`, { headers: { 'PRIVATE-TOKEN': token } });
    assert.equal(user.status, 200, 'the printed token signs in to the local GitLab');
    assert.equal((await user.json()).username, 'dana');
  });

  it('stops both servers on Ctrl-C', async () => {
    assert.ok(demo, 'the demo did not start');
    const workbench = new URL(bannerValue(output, 'Open')).origin;
    const gitlab = bannerValue(output, 'GitLab');
    process.kill(demo.child.pid, 'SIGINT');
    const { code } = await demo.exited;
    assert.equal(code, 130, `the demo exits as interrupted:\n${output}`);
    assert.equal(await answers(`${workbench}/healthz`), undefined, 'code-server is gone');
    assert.equal(await answers(`${gitlab}/api/v4/version`), undefined, 'the GitLab sandbox is gone');
  });
});
