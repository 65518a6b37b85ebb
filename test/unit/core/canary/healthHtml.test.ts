import * as assert from 'node:assert/strict';
import { renderHealthPage } from '../../../../src/core/canary/healthHtml';
import { reportWithErrors, unknownReport } from './support';

const base = { subject: 'group/app · pipeline #12', nonce: 'n0nce', cspSource: 'vscode-resource:' };

describe('Canary Health page', () => {
  it('runs no script: a strict CSP with the nonce on the only stylesheet', () => {
    const html = renderHealthPage({ ...base, report: reportWithErrors(4, 0.2) });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no CSP');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'nonce-n0nce'/);
    assert.match(html, /<style nonce="n0nce">/);
    assert.doesNotMatch(html, /<script|style="/);
  });

  it('shows the verdict, the explanation, a row of numbers per metric and a chart per metric', () => {
    const html = renderHealthPage({ ...base, report: reportWithErrors(4, 0.2), checkedAt: '18:30:00' });
    assert.match(html, /class="verdict failing"/);
    assert.match(html, /Canary is failing: Error log rate/);
    const errorsRow = /<tr data-metric="errorRate">(.*?)<\/tr>/.exec(html)?.[1] ?? assert.fail('no error-rate row');
    assert.match(errorsRow, /4\.00 lines\/s.*0\.20 lines\/s.*20×.*failing/);
    assert.equal((html.match(/<svg /g) ?? []).length, 4);
    assert.match(html, /checked 18:30:00/);
  });

  it('shows why a verdict is unknown', () => {
    const html = renderHealthPage({ ...base, report: unknownReport('no samples yet') });
    assert.match(html, /class="verdict unknown"/);
    assert.match(html, /Canary: unknown · no samples yet/);
  });

  it('escapes what comes from outside (subject, explanation)', () => {
    const html = renderHealthPage({ ...base, subject: '<img src=x onerror=alert(1)>', report: unknownReport('<b>bad</b>') });
    assert.doesNotMatch(html, /<img|<b>/);
  });

  it('says how to check before there is a report', () => {
    assert.match(renderHealthPage(base), /not checked yet/);
  });
});
