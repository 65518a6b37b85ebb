import * as assert from 'node:assert/strict';
import { codeQualityFiles, DEFAULT_CODE_QUALITY_FILE } from '../../../../src/core/findings/reportFiles';
import { repoRelativePath, sameFile } from '../../../../src/core/findings/findingPath';

describe('findings: which artifact files hold the code-quality report', () => {
  it('reads reports the job also keeps under artifacts:paths (file or folder), and names the others', () => {
    const job = { artifacts: { paths: ['gl-code-quality-report.json', 'reports/'], reports: { codequality: ['gl-code-quality-report.json', 'reports/cq.json', 'elsewhere.json'] } } };
    assert.deepEqual(codeQualityFiles(job), { files: ['gl-code-quality-report.json', 'reports/cq.json'], notInPaths: ['elsewhere.json'] });
  });

  it('reads nothing for a defined job without a codequality report, the default name for a job the workspace does not define', () => {
    assert.deepEqual(codeQualityFiles({ script: ['npm test'] }), { files: [], notInPaths: [] });
    assert.deepEqual(codeQualityFiles(undefined), { files: [DEFAULT_CODE_QUALITY_FILE], notInPaths: [] });
    assert.deepEqual(codeQualityFiles({ artifacts: { reports: { codequality: './cq.json' } } }), { files: [], notInPaths: ['cq.json'] });
  });

  it('makes report paths repository-relative and refuses those that leave it', () => {
    assert.equal(repoRelativePath('./test/x.ts', 'g/p'), 'test/x.ts');
    assert.equal(repoRelativePath('/builds/g/p/src/a.ts', 'g/p'), 'src/a.ts');
    assert.equal(repoRelativePath('/home/ci/src/a.ts', 'g/p'), undefined);
    assert.equal(repoRelativePath('src/../../etc/passwd', 'g/p'), undefined);
    assert.equal(repoRelativePath('src\\win\\a.ts', 'g/p'), 'src/win/a.ts');
    assert.ok(sameFile('BarTest.java', 'src/test/java/BarTest.java'));
    assert.ok(!sameFile('a.ts', 'ba.ts'));
  });
});
