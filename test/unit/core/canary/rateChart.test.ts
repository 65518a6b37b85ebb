import * as assert from 'node:assert/strict';
import { escapeXml, renderRateChart } from '../../../../src/core/canary/rateChart';

const fmt = (v: number): string => `${v.toFixed(2)} lines/s`;

function pathData(svg: string, className: string): string {
  const match = new RegExp(`<path d="([^"]+)"[^>]*class="${className}"`).exec(svg);
  return match?.[1] ?? assert.fail(`no ${className} path in ${svg}`);
}

describe('rate chart SVG', () => {
  it('draws one path per line, on shared axes with zero at the bottom and time across', () => {
    const svg = renderRateChart(
      [
        { label: 'canary', className: 'line-canary', samples: [{ t: 0, v: 0 }, { t: 10, v: 2 }, { t: 20, v: 4 }] },
        { label: 'stable', className: 'line-stable', samples: [{ t: 0, v: 1 }, { t: 20, v: 1 }] },
      ],
      { title: 'Errors', width: 116, height: 140, formatValue: fmt },
    );
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 116 140"/);
    // Plot: x 8..108, y 22..122; top of the scale is 4 × 1.1 = 4.4.
    assert.equal(pathData(svg, 'line-canary'), 'M8,122 L58,76.5 L108,31.1');
    assert.equal(pathData(svg, 'line-stable'), 'M8,99.3 L108,99.3');
    assert.match(svg, /max 4\.00 lines\/s/);
    assert.match(svg, /last 20 s/);
  });

  it('sorts samples by time before drawing', () => {
    const svg = renderRateChart([{ label: 'c', className: 'line-canary', samples: [{ t: 20, v: 1 }, { t: 0, v: 1 }] }], { title: 'x', width: 116, height: 140, formatValue: fmt });
    assert.match(pathData(svg, 'line-canary'), /^M8,/);
  });

  it('draws a lone sample as a dot, and says "no samples" rather than an empty frame', () => {
    const dot = renderRateChart([{ label: 'c', className: 'line-canary', samples: [{ t: 5, v: 1 }] }], { title: 'x', formatValue: fmt });
    assert.match(dot, /<circle [^>]*class="line-canary"/);
    const empty = renderRateChart([{ label: 'c', className: 'line-canary', samples: [{ t: 5, v: Number.NaN }] }], { title: 'x', formatValue: fmt });
    assert.match(empty, /no samples/);
    assert.doesNotMatch(empty, /<path|<circle/);
  });

  it('escapes labels and titles, and carries no script or inline style', () => {
    const svg = renderRateChart([{ label: '<script>alert(1)</script>', className: 'a"b', samples: [{ t: 0, v: 1 }, { t: 1, v: 2 }] }], { title: 'A & "B"', formatValue: fmt });
    assert.doesNotMatch(svg, /<script|style=/);
    assert.match(svg, /A &amp; &quot;B&quot;/);
    assert.equal(escapeXml(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
  });
});
