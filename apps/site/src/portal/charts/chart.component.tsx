/**
 * The portal's one chart: a uPlot canvas for an amount per UTC day (a time series) or per named thing
 * (bars). uPlot is created on mount, sized to its box and kept so with a ResizeObserver (down to a
 * 375 px phone), rebuilt when the colour scheme changes and destroyed on unmount. Its colours are the
 * site's CSS variables, read when it is built, so dark mode applies. uPlot sets its element styles
 * through the CSSOM, which the CSP (style-src 'self') allows; this markup has no style attributes.
 *
 * A canvas says nothing to a screen reader: the box is role="img" with a summary as its name, and the
 * page shows the same figures as a table.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatUsd, formatUtcDay } from '../lib/format';
import { intlLocale, type PortalLocale } from '../lib/portal-locale';

export interface ChartPoint {
  /** A UTC day (YYYY-MM-DD) for a time series, a name for bars. */
  label: string;
  /** Where the point is drawn (dollars, from microsForChart): a position, never a shown amount. */
  value: number;
  /** The exact amount as text, for the hover readout. */
  display: string;
}

interface Props {
  locale: PortalLocale;
  kind: 'days' | 'bars';
  points: readonly ChartPoint[];
  /** What the points are, e.g. "Day (UTC)" or "Model", for the hover readout. */
  xLabel: string;
  /** What the values are, e.g. "Cost (USD)". */
  seriesLabel: string;
  /** The chart's text alternative: what it shows, in a sentence or two. */
  summary: string;
  /** Labels for the amount axis's ticks (see usdTicks). */
  formatTicks: (splits: number[]) => string[];
  height?: number;
}

interface Palette {
  fg: string;
  muted: string;
  line: string;
  accent: string;
  font: string;
}

function palette(el: HTMLElement): Palette {
  const css = getComputedStyle(el);
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: read('--fg', '#1a1d23'),
    muted: read('--muted', '#4a5160'),
    line: read('--line', '#d5d9e0'),
    accent: read('--accent', '#0b57d0'),
    font: css.fontFamily || 'sans-serif',
  };
}

/** `#rrggbb` with an alpha, for the area under the line; anything else is used as it is. */
function translucent(colour: string, alpha: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}${alpha}` : colour;
}

const DAY_SECONDS = 86_400;

function options(props: Props, width: number, colours: Palette): uPlot.Options {
  const { locale, kind, points } = props;
  const axisFont = `12px ${colours.font}`;
  const grid = { stroke: colours.line, width: 1 };
  const ticks = { stroke: colours.line, width: 1 };
  const days = kind === 'days';
  const dayFormat = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const short = (label: string) => (label.length > 14 ? `${label.slice(0, 13)}…` : label);
  // The readout shows the point under the pointer; with no pointer, the latest day (or the first,
  // largest bar) rather than an empty dash that reads like missing data.
  const readoutIndex = (idx: number | null | undefined): number | null =>
    idx ?? (points.length === 0 ? null : days ? points.length - 1 : 0);
  return {
    width,
    height: props.height ?? 240,
    // Days are UTC days: the axis and the hover readout must not move them into the viewer's zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false }, points: { size: 8 } },
    scales: {
      x: days
        ? { time: true, range: (_u, min, max) => [min - DAY_SECONDS / 2, max + DAY_SECONDS / 2] }
        : { time: false, range: () => [-0.5, points.length - 0.5] },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        stroke: colours.muted,
        font: axisFont,
        grid: { show: false },
        ticks,
        ...(days
          ? {
              space: 72,
              values: (_u: uPlot, splits: number[]) => splits.map((s) => dayFormat.format(new Date(s * 1000))),
            }
          : {
              splits: () => points.map((_p, i) => i),
              values: (_u: uPlot, splits: number[]) => splits.map((i) => short(points[i]?.label ?? '')),
              // Names side by side do not fit a phone: slanted when each has less than ~90 px.
              rotate: width / Math.max(points.length, 1) < 90 ? -35 : 0,
              size: width / Math.max(points.length, 1) < 90 ? 80 : 40,
            }),
      },
      {
        stroke: colours.muted,
        font: axisFont,
        grid,
        ticks,
        // As wide as its longest label ("US$1.50" is wider than "$1.50"), measured on uPlot's canvas.
        size: (u: uPlot, values: string[] | null) => {
          const ratio = devicePixelRatio || 1;
          u.ctx.font = `${12 * ratio}px ${colours.font}`;
          const widest = Math.max(0, ...(values ?? []).map((v) => u.ctx.measureText(v).width / ratio));
          return Math.ceil(widest) + 18;
        },
        values: (_u: uPlot, splits: number[]) => props.formatTicks(splits),
      },
    ],
    series: [
      {
        label: props.xLabel,
        value: (_u, _v, _s, idx) => {
          const at = readoutIndex(idx);
          const label = at == null ? undefined : points[at]?.label;
          if (label === undefined) return '';
          return days ? formatUtcDay(locale, label) : label;
        },
      },
      {
        label: props.seriesLabel,
        stroke: colours.accent,
        width: 2,
        fill: translucent(colours.accent, days ? '33' : 'cc'),
        value: (_u, _v, _s, idx) => {
          const at = readoutIndex(idx);
          return at == null ? '–' : (points[at]?.display ?? '–');
        },
        ...(days
          ? { points: { show: points.length <= 31, size: 5, fill: colours.accent } }
          : { paths: uPlot.paths.bars?.({ size: [0.6, 80] }), points: { show: false } }),
      },
    ],
  };
}

/**
 * Dollar labels for an axis's ticks: ticks are positions uPlot chose (0.005, 0.01, …), shown with as
 * many decimals as their step needs (2 to 6) through formatUsd, like every amount on the page.
 */
export function usdTicks(locale: PortalLocale): (splits: number[]) => string[] {
  return (splits) => {
    const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : Math.abs(splits[0] ?? 0) || 1;
    const places = Math.min(6, Math.max(2, Math.ceil(-Math.log10(step))));
    return splits.map((value) => formatUsd(locale, Math.max(value, 0).toFixed(places)));
  };
}

function data(props: Props): uPlot.AlignedData {
  const xs = props.points.map((p, i) => (props.kind === 'days' ? Date.parse(`${p.label}T00:00:00Z`) / 1000 : i));
  return [xs, props.points.map((p) => p.value)];
}

export function Chart(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  // The latest props for the effect's callbacks, without rebuilding the chart on every render.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    const build = () => {
      plot?.destroy();
      const width = Math.max(el.clientWidth, 200);
      plot = new uPlot(options(latest.current, width, palette(el)), data(latest.current), el);
    };
    build();
    const resize = new ResizeObserver(() => {
      const width = Math.max(el.clientWidth, 200);
      if (!plot || Math.abs(plot.width - width) < 1) return;
      // Bars choose slanted or level names by the room each has: rebuilt; a time series just resizes.
      if (latest.current.kind === 'bars') build();
      else plot.setSize({ width, height: plot.height });
    });
    resize.observe(el);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', build);
    return () => {
      scheme.removeEventListener('change', build);
      resize.disconnect();
      plot?.destroy();
    };
    // A new set of points (another window or grouping) is a new chart.
  }, [props.points, props.kind, props.locale]);

  return <div class="chart" ref={box} role="img" aria-label={props.summary} />;
}
