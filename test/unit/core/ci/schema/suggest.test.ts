import * as assert from 'node:assert/strict';
import { didYouMean } from '../../../../../src/core/ci/schema/suggest';

const JOB = ['script', 'stage', 'stages', 'artifacts', 'after_script', 'before_script', 'optional', 'aud', 'matrix'];

describe('didYouMean', () => {
  it('finds swapped, missing, extra and wrong letters', () => {
    assert.equal(didYouMean('scirpt', JOB), 'script');
    assert.equal(didYouMean('scrip', JOB), 'script');
    assert.equal(didYouMean('artifactss', JOB), 'artifacts');
    assert.equal(didYouMean('optionl', JOB), 'optional');
    assert.equal(didYouMean('matrx', JOB), 'matrix');
  });

  it('ignores case and prefers the closest keyword', () => {
    assert.equal(didYouMean('Stages', JOB), 'stages');
    assert.equal(didYouMean('stag', JOB), 'stage');
  });

  it('takes a longer or shorter spelling of a keyword', () => {
    assert.equal(didYouMean('audience', JOB), 'aud');
    assert.equal(didYouMean('artifact', JOB), 'artifacts');
  });

  it('stays quiet for words that resemble no keyword', () => {
    assert.equal(didYouMean('colour', JOB), undefined);
    assert.equal(didYouMean('x', JOB), undefined);
    assert.equal(didYouMean('deploy_to_production', JOB), undefined);
  });
});
