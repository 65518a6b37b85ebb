import { strict as assert } from 'node:assert';
import { uriPartsToVirtualPath, virtualPathToUriParts } from '../../../../src/core/includes/includeUriParts';
import { REMOTE_INCLUDE_SCHEME } from '../../../../src/core/ci';
import { Schemes } from '../../../../src/vscode/ids';

describe('virtual include paths <-> URI parts', () => {
  it('the editor serves the scheme the analysis names remote files with', () => {
    assert.equal(Schemes.remoteInclude, REMOTE_INCLUDE_SCHEME);
  });

  const cases = [
    'gitlab-include://gitlab.example.com/project/platform/ci/0123456789abcdef0123456789abcdef01234567/templates/build.yml',
    'gitlab-include://gitlab.example.com:8443/template/Auto-DevOps.gitlab-ci.yml',
    'gitlab-include://gitlab.example.com/component/group/components/deploy@~latest/templates/deploy.yml',
    'gitlab-include://ci.example.com/remote/ci/shared%20file.yml?ref=main#frag',
    'gitlab-include://gitlab.example.com/project/a b/ü/#?%.yml',
  ];

  for (const path of cases) {
    it(`round-trips ${path}`, () => {
      const parts = virtualPathToUriParts(path);
      assert.ok(parts);
      assert.equal(parts.scheme, 'gitlab-include');
      assert.ok(parts.path.startsWith('/'));
      assert.ok(!parts.authority.includes('/'));
      assert.equal(uriPartsToVirtualPath(parts), path);
    });
  }

  it('leaves file-system paths alone', () => {
    assert.equal(virtualPathToUriParts('/home/dev/repo/.gitlab-ci.yml'), undefined);
    assert.equal(virtualPathToUriParts('C:\\repo\\.gitlab-ci.yml'), undefined);
  });

  it('puts the host (and port) in the authority, so the editor tab names the file', () => {
    assert.deepEqual(virtualPathToUriParts('gitlab-include://gitlab.example.com:8443/template/Jobs/Build.gitlab-ci.yml'), {
      scheme: 'gitlab-include', authority: 'gitlab.example.com:8443', path: '/template/Jobs/Build.gitlab-ci.yml',
    });
  });
});
