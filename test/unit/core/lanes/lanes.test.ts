import * as assert from 'node:assert/strict';
import { branchSearchTerms, buildLanes, laneBranch } from '../../../../src/core/lanes/lanes';

describe('lanes', () => {
  it('follows dev and master by default when the project has them', () => {
    const lanes = buildLanes({}, { projectBranches: ['master', 'dev', 'feature/x'], currentBranch: 'feature/x' });
    assert.deepEqual(lanes, [
      { id: 'mr', kind: 'mr', title: 'Merge request', branch: 'feature/x' },
      { id: 'dev', kind: 'branch', title: 'dev', branch: 'dev' },
      { id: 'master', kind: 'branch', title: 'master', branch: 'master' },
    ]);
  });

  it('detects develop and main when dev and master do not exist', () => {
    const lanes = buildLanes({}, { projectBranches: ['main', 'develop', 'feature/y'], currentBranch: 'feature/y' });
    assert.deepEqual(lanes.map((l) => [l.id, l.branch, l.title]), [['mr', 'feature/y', 'Merge request'], ['dev', 'develop', 'develop'], ['master', 'main', 'main']]);
  });

  it('prefers dev over develop when both exist', () => {
    assert.equal(laneBranch('dev', {}, { projectBranches: ['develop', 'dev'] }), 'dev');
  });

  it('uses configured names as they are, even when detection would find others', () => {
    const lanes = buildLanes({ devBranch: 'integration', masterBranch: 'release' }, { projectBranches: ['dev', 'master'], currentBranch: 'x' });
    assert.deepEqual(lanes.slice(1).map((l) => l.branch), ['integration', 'release']);
  });

  it('treats a blank setting as not set', () => {
    assert.equal(laneBranch('master', { masterBranch: '  ' }, { projectBranches: ['main'] }), 'main');
  });

  it('falls back to the default branch for master, never for dev', () => {
    const context = { projectBranches: ['trunk'], defaultBranch: 'trunk' };
    assert.equal(laneBranch('master', {}, context), 'trunk');
    assert.equal(laneBranch('dev', {}, context), undefined);
  });

  it('does not let master fall back onto the dev branch', () => {
    assert.equal(laneBranch('master', {}, { projectBranches: ['develop'], defaultBranch: 'develop' }), undefined);
  });

  it('leaves a lane without a branch, saying what it looked for', () => {
    const lanes = buildLanes({}, { projectBranches: ['feature/z'], currentBranch: 'feature/z' });
    assert.deepEqual(lanes[1], { id: 'dev', kind: 'branch', title: 'dev', branch: undefined, lookedFor: ['dev', 'develop', 'development'] });
    assert.deepEqual(lanes[2]?.lookedFor, ['master', 'main']);
  });

  it('gives the MR lane no branch on a detached HEAD', () => {
    assert.equal(buildLanes({}, { projectBranches: ['dev', 'master'], currentBranch: undefined })[0]?.branch, undefined);
  });

  it('searches branches with the fewest substring terms', () => {
    assert.deepEqual(branchSearchTerms({}), ['dev', 'main', 'master']);
    assert.deepEqual(branchSearchTerms({ devBranch: 'd', masterBranch: 'm' }), []);
  });
});
