import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cspSafeSvg, reputationChartSvg } from './reputation.chart.js';

const POINTS = [
  { day: '2026-01-01', total: 1 },
  { day: '2026-01-02', total: 36 },
  { day: '2026-02-10', total: 26 },
  { day: '2026-03-01', total: 26 },
];

describe('the reputation chart (ECharts, server-side SVG)', () => {
  test('is an SVG our CSP lets through: no script, no style attribute, no style element', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const svg = reputationChartSvg(POINTS, { locale, label: 'Reputation "over" time <1>' });
      assert.match(
        svg,
        /^<svg class="reputation-chart-svg" role="img" aria-label="Reputation &quot;over&quot; time &lt;1>"/,
      );
      assert.match(svg, /viewBox="0 0 \d+ \d+"/);
      assert.match(svg, /<path d="M[^"]+"[^>]*stroke="#0d6efd"/, 'the line is drawn');
      assert.doesNotMatch(svg, /<script/i);
      assert.doesNotMatch(svg, /\sstyle=/i);
      assert.doesNotMatch(svg, /<style/i);
      assert.doesNotMatch(svg, /\son[a-z]+=/i, 'no event handler attributes');
      assert.match(svg, /<text[^>]* font-size="12px"/, 'label fonts as presentation attributes');
    }
  });

  test('one point, and none, still draw', () => {
    assert.match(reputationChartSvg([{ day: '2026-01-01', total: 1 }], { locale: 'en', label: 'x' }), /<svg/);
    assert.match(reputationChartSvg([], { locale: 'en', label: 'x' }), /<svg/);
  });

  test('cspSafeSvg turns style declarations into attributes and drops style elements', () => {
    assert.equal(
      cspSafeSvg(
        '<svg><style ><![CDATA[.a:hover{cursor:pointer}]]></style><text style="font-size:12px;font-family:sans-serif;cursor:pointer;">1</text>' +
          '<text style="font: normal bold 14px Noto Sans, sans-serif">2</text></svg>',
      ),
      '<svg><text font-size="12px" font-family="sans-serif">1</text>' +
        '<text font-weight="bold" font-size="14px" font-family="Noto Sans, sans-serif">2</text></svg>',
    );
  });
});
