import * as assert from 'node:assert/strict';
import { instanceFromUrl } from '../../../../src/core/gitlab/instance';
import { matchRemote, parseRemoteUrl, projectPathOnInstance, selectRemote } from '../../../../src/core/gitlab/remoteUrl';

describe('parseRemoteUrl', () => {
  const cases: [string, { transport: string; hostname: string; port?: number; path: string }][] = [
    ['git@gitlab.com:group/project.git', { transport: 'ssh', hostname: 'gitlab.com', path: 'group/project' }],
    ['git@gitlab.com:group/sub/project.git', { transport: 'ssh', hostname: 'gitlab.com', path: 'group/sub/project' }],
    ['gitlab.com:group/project', { transport: 'ssh', hostname: 'gitlab.com', path: 'group/project' }],
    ['git@GitLab.Example.com:/group/project.git/', { transport: 'ssh', hostname: 'gitlab.example.com', path: 'group/project' }],
    ['ssh://git@gitlab.example.com:2222/group/project.git', { transport: 'ssh', hostname: 'gitlab.example.com', port: 2222, path: 'group/project' }],
    ['ssh://gitlab.example.com/group/sub/project', { transport: 'ssh', hostname: 'gitlab.example.com', path: 'group/sub/project' }],
    ['git+ssh://git@host.io/a/b.git', { transport: 'ssh', hostname: 'host.io', path: 'a/b' }],
    ['git://host.io/a/b.git', { transport: 'git', hostname: 'host.io', path: 'a/b' }],
    ['https://gitlab.com/group/sub/project.git', { transport: 'https', hostname: 'gitlab.com', path: 'group/sub/project' }],
    ['https://gitlab.com/group/sub/project', { transport: 'https', hostname: 'gitlab.com', path: 'group/sub/project' }],
    ['https://gitlab.com/group/project/', { transport: 'https', hostname: 'gitlab.com', path: 'group/project' }],
    ['https://gitlab.com/group/project.git/', { transport: 'https', hostname: 'gitlab.com', path: 'group/project' }],
    ['https://oauth2:glpat-secret@gitlab.com/group/project.git', { transport: 'https', hostname: 'gitlab.com', path: 'group/project' }],
    ['https://alice@gitlab.com/group/project.git', { transport: 'https', hostname: 'gitlab.com', path: 'group/project' }],
    ['http://git.local:8080/group/project.git', { transport: 'http', hostname: 'git.local', port: 8080, path: 'group/project' }],
    ['https://git.example.com:8443/gitlab/group/project.git', { transport: 'https', hostname: 'git.example.com', port: 8443, path: 'gitlab/group/project' }],
    ['  https://gitlab.com/g/p.git\n', { transport: 'https', hostname: 'gitlab.com', path: 'g/p' }],
    ['ssh://git@[::1]:2222/g/p.git', { transport: 'ssh', hostname: '::1', port: 2222, path: 'g/p' }],
  ];
  for (const [url, expected] of cases) {
    it(`parses ${url.trim()}`, () => {
      assert.deepEqual(parseRemoteUrl(url), expected);
    });
  }

  for (const junk of ['', '/home/me/repo', '../other', 'C:\\repos\\x', 'c:/repos/x', 'file:///srv/git/x.git', 'https://gitlab.com/']) {
    it(`rejects ${JSON.stringify(junk)}`, () => {
      assert.equal(parseRemoteUrl(junk), undefined);
    });
  }
});

describe('projectPathOnInstance', () => {
  const gitlabCom = instanceFromUrl('https://gitlab.com');
  const relative = instanceFromUrl('https://git.example.com:8443/gitlab/');

  it('matches an SSH remote on a custom port by host name only', () => {
    const remote = parseRemoteUrl('ssh://git@GITLAB.com:2222/g/sub/p.git')!;
    assert.equal(projectPathOnInstance(remote, gitlabCom), 'g/sub/p');
  });

  it('strips the base path of a relative-URL instance from HTTPS remotes', () => {
    assert.equal(projectPathOnInstance(parseRemoteUrl('https://git.example.com:8443/gitlab/g/p.git')!, relative), 'g/p');
  });

  it('keeps SSH paths of a relative-URL instance as they are', () => {
    assert.equal(projectPathOnInstance(parseRemoteUrl('git@git.example.com:g/p.git')!, relative), 'g/p');
  });

  it('refuses HTTPS remotes outside the relative base path', () => {
    assert.equal(projectPathOnInstance(parseRemoteUrl('https://git.example.com/other/g/p.git')!, relative), undefined);
  });

  it('refuses other hosts, including look-alike suffixes', () => {
    assert.equal(projectPathOnInstance(parseRemoteUrl('git@gitlab.com.evil.io:g/p.git')!, gitlabCom), undefined);
    assert.equal(projectPathOnInstance(parseRemoteUrl('https://evilgitlab.com/g/p')!, gitlabCom), undefined);
  });

  it('prefers the most specific instance on the same host', () => {
    const root = instanceFromUrl('https://git.example.com:8443');
    const match = matchRemote(parseRemoteUrl('https://git.example.com:8443/gitlab/g/p.git')!, [root, relative]);
    assert.equal(match?.instance.url, relative.url);
    assert.equal(match?.projectPath, 'g/p');
  });
});

describe('selectRemote', () => {
  const work = instanceFromUrl('https://gitlab.work.io');
  const com = instanceFromUrl('gitlab.com');

  it('picks the remote on a signed-in instance, not blindly origin', () => {
    const selection = selectRemote(
      [
        { name: 'origin', fetchUrl: 'git@github.com:me/fork.git' },
        { name: 'upstream', fetchUrl: 'git@gitlab.work.io:team/app.git' },
      ],
      [work],
    );
    assert.deepEqual(selection, { kind: 'matched', remoteName: 'upstream', instance: work, projectPath: 'team/app' });
  });

  it('prefers origin when several remotes match', () => {
    const selection = selectRemote(
      [
        { name: 'mirror', fetchUrl: 'https://gitlab.com/x/mirror.git' },
        { name: 'origin', fetchUrl: 'https://gitlab.work.io/team/app.git' },
      ],
      [com, work],
    );
    assert.equal(selection.kind === 'matched' && selection.remoteName, 'origin');
  });

  it('falls back to the push URL when the fetch URL is elsewhere', () => {
    const selection = selectRemote([{ name: 'origin', fetchUrl: 'https://proxy.local/app.git', pushUrl: 'git@gitlab.work.io:team/app.git' }], [work]);
    assert.equal(selection.kind === 'matched' && selection.projectPath, 'team/app');
  });

  it('honours the remote name override', () => {
    const selection = selectRemote(
      [
        { name: 'origin', fetchUrl: 'https://gitlab.work.io/team/app.git' },
        { name: 'fork', fetchUrl: 'https://gitlab.work.io/me/app.git' },
      ],
      [work],
      { remoteName: 'fork' },
    );
    assert.equal(selection.kind === 'matched' && selection.projectPath, 'me/app');
  });

  it('reports a missing overridden remote', () => {
    const selection = selectRemote([{ name: 'origin', fetchUrl: 'https://gitlab.work.io/team/app.git' }], [work], { remoteName: 'nope' });
    assert.equal(selection.kind, 'no-remote');
  });

  it('applies the project path override to the matched instance', () => {
    const selection = selectRemote([{ name: 'origin', fetchUrl: 'https://gitlab.work.io/team/app.git' }], [work], { projectPath: 'team/real-app' });
    assert.deepEqual(selection, { kind: 'matched', remoteName: 'origin', instance: work, projectPath: 'team/real-app' });
  });

  it('refuses a project path override that is not a GitLab path instead of repairing it', () => {
    for (const projectPath of ['../../admin', 'team/../other/app', '/team/real-app/', 'team%2F..%2Fother/app', 'team//app']) {
      const selection = selectRemote([{ name: 'origin', fetchUrl: 'https://gitlab.work.io/team/app.git' }], [work], { projectPath });
      assert.equal(selection.kind, 'no-remote', projectPath);
      assert.match(selection.kind === 'no-remote' ? selection.reason : '', /releasePilot\.gitlab\.projectPath: .* is not a GitLab project path/, projectPath);
    }
  });

  it('uses the project path override with the only instance when no remote matches', () => {
    const selection = selectRemote([], [work], { projectPath: 'team/app' });
    assert.deepEqual(selection, { kind: 'matched', instance: work, projectPath: 'team/app' });
  });

  it('says which hosts need a sign-in when no remote is on a signed-in instance', () => {
    const selection = selectRemote([{ name: 'origin', fetchUrl: 'git@gitlab.other.io:a/b.git' }], [work]);
    assert.deepEqual(selection, { kind: 'no-instance', hosts: ['gitlab.other.io'] });
  });

  it('reports no-remote for a repository without network remotes', () => {
    assert.equal(selectRemote([{ name: 'local', fetchUrl: '/srv/git/app.git' }], [work]).kind, 'no-remote');
    assert.equal(selectRemote([], [work]).kind, 'no-remote');
  });
});
