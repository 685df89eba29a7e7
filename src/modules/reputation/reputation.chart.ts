import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import type { Locale } from '../../platform/i18n/index.js';

/**
 * The reputation chart: ECharts rendered to an SVG string on the server (`ssr: true`), so the
 * profile draws it without any script. Our CSP (`style-src 'self'`) blocks a `style="…"` attribute
 * and a `<style>` element inside an inline SVG, both of which ECharts writes (fonts of its labels,
 * hover rules); `cspSafeSvg` turns the first into presentation attributes and drops the second.
 */

/** A member's reputation at the end of a UTC day (`YYYY-MM-DD`). */
export interface ReputationPoint {
  readonly day: string;
  readonly total: number;
}

const WIDTH = 760;
const HEIGHT = 240;
/** Bootstrap's primary blue, and its body colours for axes and grid. */
const LINE = '#0d6efd';
const AXIS = '#6c757d';
const GRID = '#dee2e6';

// The CSS properties ECharts writes in `style` that SVG also takes as presentation attributes.
const PRESENTATION = new Set([
  'font-size',
  'font-family',
  'font-weight',
  'font-style',
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'opacity',
  'text-anchor',
  'dominant-baseline',
]);

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** `font: normal normal 12px sans-serif` into its longhands. */
function fontLonghands(value: string): Array<[string, string]> {
  const match =
    /^\s*(?:(normal|italic|oblique)\s+)?(?:(normal|bold|bolder|lighter|\d{3})\s+)?([\d.]+px)\s+(.+)$/.exec(
      value,
    );
  if (!match) return [];
  const out: Array<[string, string]> = [];
  if (match[1] && match[1] !== 'normal') out.push(['font-style', match[1]]);
  if (match[2] && match[2] !== 'normal') out.push(['font-weight', match[2]]);
  out.push(['font-size', match[3] as string], ['font-family', (match[4] as string).trim()]);
  return out;
}

/**
 * The same SVG without what `style-src 'self'` blocks: each `style="…"` becomes presentation
 * attributes (`font-size="12px"`; a property SVG has no attribute for is dropped), `<style>`
 * elements go (ECharts' hover rules, of no use in a picture without script).
 */
export function cspSafeSvg(svg: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/\sstyle="([^"]*)"/g, (_all, declarations: string) => {
      const attributes: Array<[string, string]> = [];
      for (const declaration of declarations.split(';')) {
        const colon = declaration.indexOf(':');
        if (colon < 0) continue;
        const property = declaration.slice(0, colon).trim().toLowerCase();
        const value = declaration.slice(colon + 1).trim();
        if (property === 'font') attributes.push(...fontLonghands(value));
        else if (PRESENTATION.has(property)) attributes.push([property, value]);
      }
      return attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
    });
}

let loaded: typeof Echarts | undefined;

/** ECharts, loaded at the first chart rather than at start: every process would parse it otherwise. */
function echarts(): typeof Echarts {
  loaded ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return loaded;
}

/**
 * The member's reputation over time as an SVG line (a step at each day's change), its axes in
 * the reader's language; `label` is its accessible name. Empty points draw an empty frame.
 */
export function reputationChartSvg(
  points: readonly ReputationPoint[],
  options: { locale: Locale; label: string },
): string {
  const chart = echarts().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: WIDTH,
    height: HEIGHT,
    locale: options.locale === 'zh-CN' ? 'ZH' : 'EN',
  });
  try {
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 32, top: 16, bottom: 8, containLabel: true },
      textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 12, color: AXIS },
      xAxis: {
        type: 'time',
        axisLine: { lineStyle: { color: GRID } },
        axisLabel: {
          color: AXIS,
          hideOverlap: true,
          // Days with their month, as the history's headings; a month and a year alone.
          formatter:
            options.locale === 'zh-CN'
              ? { year: '{yyyy}年', month: '{M}月', day: '{M}月{d}日' }
              : { year: '{yyyy}', month: '{MMM}', day: '{MMM} {d}' },
        },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        scale: true,
        minInterval: 1,
        axisLabel: { color: AXIS },
        splitLine: { lineStyle: { color: GRID } },
      },
      series: [
        {
          type: 'line',
          step: 'end',
          showSymbol: points.length === 1,
          symbolSize: 6,
          silent: true,
          lineStyle: { color: LINE, width: 2 },
          itemStyle: { color: LINE },
          areaStyle: { color: LINE, opacity: 0.08 },
          data: points.map((point) => [`${point.day}T00:00:00Z`, point.total]),
        },
      ],
    });
    // Scales with its box (the viewBox stays), and is one image with a name for a screen reader.
    return cspSafeSvg(chart.renderToSVGString()).replace(
      /^<svg width="\d+" height="\d+"/,
      `<svg class="reputation-chart-svg" role="img" aria-label="${escapeAttribute(options.label)}"`,
    );
  } finally {
    chart.dispose();
  }
}
