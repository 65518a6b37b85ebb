import * as assert from 'node:assert/strict';
import { askPipelineOptions } from '../../../src/core/scaffold/askPipelineOptions';
import { ScriptedPrompts } from '../../support/scriptedAsker';

describe('Create Release Pipeline questions', () => {
  it('asks branches, preset and environments in order, prefilled from the lane settings', async () => {
    const prompts = new ScriptedPrompts({ preset: 'go', 'environments.canary': 'canary-eu' });
    const options = await askPipelineOptions(prompts, { devBranch: 'develop', masterBranch: 'main' });
    assert.deepEqual(prompts.asked, ['devBranch', 'masterBranch', 'preset', 'environments.test', 'environments.canary', 'environments.production']);
    assert.deepEqual(options, { preset: 'go', devBranch: 'develop', masterBranch: 'main', environments: { test: 'test', canary: 'canary-eu', production: 'production' } });
  });

  it('falls back to dev and master when the lane settings are empty', async () => {
    const options = await askPipelineOptions(new ScriptedPrompts(), { devBranch: '', masterBranch: '' });
    assert.equal(options?.devBranch, 'dev');
    assert.equal(options?.masterBranch, 'master');
    assert.equal(options?.preset, 'node');
  });

  it('refuses what the generator would refuse, as the person types', async () => {
    await assert.rejects(askPipelineOptions(new ScriptedPrompts({ devBranch: 'feature branch' }), {}), /not a branch name Git accepts/);
    await assert.rejects(askPipelineOptions(new ScriptedPrompts({ devBranch: 'main', masterBranch: 'main' }), {}), /must differ/);
    await assert.rejects(askPipelineOptions(new ScriptedPrompts({ 'environments.canary': 'test' }), {}), /used twice/);
  });

  it('stops at the first cancelled question', async () => {
    const prompts = new ScriptedPrompts({ preset: { cancel: true } });
    assert.equal(await askPipelineOptions(prompts, {}), undefined);
    assert.deepEqual(prompts.asked, ['devBranch', 'masterBranch', 'preset']);
  });
});
