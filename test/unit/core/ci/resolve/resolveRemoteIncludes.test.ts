import * as assert from 'node:assert/strict';
import type { RemoteIncludeAnswer, RemoteIncludeFetcher, RemoteIncludeRequest } from '../../../../../src/core/ci';
import { analyzeCiFile, RemoteIncludeAnswers, remoteIncludeKey, resolveRemoteIncludes } from '../../../../../src/core/ci';
import { ENTRY, memoryReader, ROOT } from '../../../../support/memoryReader';

/** A fetcher answering templates from a table, counting calls and how many ran at once. */
function tableFetcher(templates: Readonly<Record<string, string>>): RemoteIncludeFetcher & { calls: string[]; maxInFlight: number } {
  let inFlight = 0;
  const fetcher = {
    calls: [] as string[],
    maxInFlight: 0,
    async fetch(req: RemoteIncludeRequest): Promise<RemoteIncludeAnswer> {
      fetcher.calls.push(remoteIncludeKey(req));
      inFlight++;
      fetcher.maxInFlight = Math.max(fetcher.maxInFlight, inFlight);
      // Let every worker start before any answer comes back.
      await Promise.resolve();
      await Promise.resolve();
      inFlight--;
      if (req.kind !== 'template') throw new Error('only templates here');
      const text = templates[req.name];
      return text === undefined
        ? { kind: 'failure', reason: 'missing', message: `no ${req.name}` }
        : { kind: 'found', text, path: `gitlab-include://gitlab.test/template/${req.name}`, resolved: req.name, displayUrl: `https://gitlab.test/${req.name}`, freshness: 'live' };
    },
  };
  return fetcher;
}

describe('resolveRemoteIncludes (the driver)', () => {
  it('fetches each pending request once, a bounded number at a time, and re-analyses until nothing new is pending', async () => {
    const templates: Record<string, string> = {};
    const lines = ['include:'];
    for (let i = 0; i < 10; i++) {
      templates[`T${i}.gitlab-ci.yml`] = `include:\n  - template: Deep.gitlab-ci.yml\n.t${i}:\n  script: [x]\n`;
      lines.push(`  - template: T${i}.gitlab-ci.yml`);
    }
    templates['Deep.gitlab-ci.yml'] = 'deep-job:\n  script: [x]\n';
    const reader = memoryReader(ROOT, { '.gitlab-ci.yml': `${lines.join('\n')}\njob:\n  extends: .t9\n` });
    const fetcher = tableFetcher(templates);
    let analyses = 0;
    const analysis = await resolveRemoteIncludes((source) => {
      analyses++;
      const a = analyzeCiFile(ENTRY, ROOT, reader, { remote: source });
      assert.ok(a);
      return a;
    }, fetcher, { parallel: 3 });
    assert.equal(fetcher.calls.length, 11, 'ten templates and the one they all include, once');
    assert.equal(fetcher.maxInFlight, 3);
    assert.equal(analyses, 3, 'entry, its templates, the nested template');
    assert.deepEqual(analysis.pendingIncludes, []);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.jobs.filter((j) => !j.name.startsWith('.')).map((j) => j.name).sort(), ['deep-job', 'job']);
  });

  it('turns a fetcher that throws into an unreachable finding at the include, and stops after maxRounds', async () => {
    const reader = memoryReader(ROOT, { '.gitlab-ci.yml': 'include:\n  - project: g/p\n    file: a.yml\njob:\n  script: [x]\n' });
    const answers = new RemoteIncludeAnswers();
    const analysis = await resolveRemoteIncludes((source) => analyzeCiFile(ENTRY, ROOT, reader, { remote: source }) ?? assert.fail('no analysis'), tableFetcher({}), { answers });
    assert.deepEqual(analysis.diagnostics.map((d) => [d.severity, d.code, d.message]), [['warning', 'include-remote-unreachable', 'only templates here']]);
    assert.ok(answers.has({ kind: 'project', project: 'g/p', file: 'a.yml' }));

    const once = await resolveRemoteIncludes((source) => analyzeCiFile(ENTRY, ROOT, reader, { remote: source }) ?? assert.fail('no analysis'), tableFetcher({}), { maxRounds: 1 });
    assert.equal(once.pendingIncludes.length, 1, 'one round: analysed once, nothing fetched');
  });
});
