import * as assert from 'node:assert/strict';
import { askPipelineOptions } from '../../../../src/core/scaffold/askPipelineOptions';
import { ScriptedAsker } from '../../../support/scriptedAsker';

describe('Create Release Pipeline questions', () => {
  it('asks branches, preset and environments in order, prefilled from the lane settings', async () => {
    const prompts = new ScriptedAsker({ 'how the code is built': 'go', 'canary nodes': 'canary-eu' });
    const options = await askPipelineOptions(prompts, { devBranch: 'develop', masterBranch: 'main' });
    assert.deepEqual(prompts.asked.map((t) => /\((\d)\/6\)/.exec(t)?.[1]), ['1', '2', '3', '4', '5', '6']);
    assert.match(prompts.asked[1] ?? '', /release branch that develop is merged into/);
    assert.deepEqual(options, { preset: 'go', devBranch: 'develop', masterBranch: 'main', environments: { test: 'test', canary: 'canary-eu', production: 'production' } });
  });

  it('falls back to dev and master when the lane settings are empty', async () => {
    const options = await askPipelineOptions(new ScriptedAsker(), { devBranch: '', masterBranch: '' });
    assert.equal(options?.devBranch, 'dev');
    assert.equal(options?.masterBranch, 'master');
    assert.equal(options?.preset, 'node');
  });

  it('refuses what the generator would refuse, as the person types', async () => {
    await assert.rejects(askPipelineOptions(new ScriptedAsker({ 'integration branch': 'feature branch' }), {}), /not a branch name Git accepts/);
    await assert.rejects(askPipelineOptions(new ScriptedAsker({ 'integration branch': 'main', 'release branch': 'main' }), {}), /must differ/);
    await assert.rejects(askPipelineOptions(new ScriptedAsker({ 'canary nodes': 'test' }), {}), /used twice/);
  });

  it('stops at the first cancelled question', async () => {
    const prompts = new ScriptedAsker({ 'how the code is built': { cancel: true } });
    assert.equal(await askPipelineOptions(prompts, {}), undefined);
    assert.equal(prompts.asked.length, 3);
  });
});
