import { useElementSize } from '@mantine/hooks';
import { dayNumber, formatDay, linePath, niceTicks, scale } from '../../lib/chart';
import { formatNumber } from '../../lib/units';

// Hand-drawn SVG: a line and a bar chart are all the dashboard needs, and a chart library would
// weigh more than the rest of the page. Each chart carries a visually hidden table for screen readers.

const H = 220;

/** The chart is drawn at the container's real width, so its labels stay 11 px on a phone too. */
function useWidth() {
  const { ref, width } = useElementSize<HTMLElement>();
  return { ref, W: Math.max(280, Math.round(width) || 560) };
}
const M = { top: 12, right: 12, bottom: 28, left: 48 };

export interface Datum {
  date: string;
  value: number;
}

function A11yTable({ caption, data, unit }: { caption: string; data: Datum[]; unit: string }) {
  return (
    <table className="visually-hidden">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">Value ({unit})</th>
        </tr>
      </thead>
      <tbody>
        {data.map((d) => (
          <tr key={d.date}>
            <td>{d.date}</td>
            <td>{formatNumber(d.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function xTicks(data: Datum[], width: number): Datum[] {
  const fits = Math.max(2, Math.floor(width / 110));
  if (data.length <= fits) return data;
  const step = Math.ceil(data.length / fits);
  return data.filter((_, i) => i % step === 0);
}

export function LineChart({ title, data, unit, target, color = '#1864ab' }: {
  title: string;
  data: Datum[];
  unit: string;
  target?: number | null;
  color?: string;
}) {
  const { ref, W } = useWidth();
  const values = data.map((d) => d.value).concat(target != null ? [target] : []);
  const ticks = niceTicks(Math.min(...values), Math.max(...values), 4);
  const x0 = dayNumber(data[0].date);
  const x1 = dayNumber(data[data.length - 1].date);
  const x = scale(x0, x1, M.left, W - M.right);
  const y = scale(ticks[0], ticks[ticks.length - 1], H - M.bottom, M.top);
  const points = data.map((d) => ({ x: x(dayNumber(d.date)), y: y(d.value) }));
  return (
    <figure style={{ margin: 0 }} ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={`${title} chart`} data-testid="line-chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#495057">
              {formatNumber(t)}
            </text>
          </g>
        ))}
        {xTicks(data, W).map((d) => (
          <text key={d.date} x={x(dayNumber(d.date))} y={H - 8} textAnchor="middle" fontSize="11" fill="#495057">
            {formatDay(d.date)}
          </text>
        ))}
        {target != null ? (
          <g>
            <line x1={M.left} x2={W - M.right} y1={y(target)} y2={y(target)} stroke="#2b8a3e" strokeDasharray="6 4" />
            <text x={W - M.right} y={y(target) - 4} textAnchor="end" fontSize="11" fill="#2b8a3e">
              target {formatNumber(target)}
            </text>
          </g>
        ) : null}
        <path d={linePath(points)} fill="none" stroke={color} strokeWidth={2.5} strokeLinejoin="round" />
        {points.map((p, i) => (
          <circle key={data[i].date} cx={p.x} cy={p.y} r={3.5} fill={color}>
            <title>
              {formatDay(data[i].date)}: {formatNumber(data[i].value)} {unit}
            </title>
          </circle>
        ))}
      </svg>
      <A11yTable caption={title} data={data} unit={unit} />
    </figure>
  );
}

export function BarChart({ title, data, unit, color = '#5f3dc4' }: { title: string; data: Datum[]; unit: string; color?: string }) {
  const { ref, W } = useWidth();
  const ticks = niceTicks(0, Math.max(1, ...data.map((d) => d.value)), 4);
  const y = scale(0, ticks[ticks.length - 1], H - M.bottom, M.top);
  const band = (W - M.left - M.right) / data.length;
  const barW = Math.max(2, Math.min(36, band * 0.7));
  return (
    <figure style={{ margin: 0 }} ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={`${title} chart`} data-testid="bar-chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#dee2e6" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#495057">
              {formatNumber(t, 0)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const cx = M.left + band * (i + 0.5);
          return (
            <rect key={d.date} x={cx - barW / 2} y={y(d.value)} width={barW} height={H - M.bottom - y(d.value)} fill={color} rx={2}>
              <title>
                {formatDay(d.date)}: {formatNumber(d.value, 0)} {unit}
              </title>
            </rect>
          );
        })}
        {xTicks(data, W).map((d) => {
          const i = data.indexOf(d);
          return (
            <text key={d.date} x={M.left + band * (i + 0.5)} y={H - 8} textAnchor="middle" fontSize="11" fill="#495057">
              {formatDay(d.date)}
            </text>
          );
        })}
      </svg>
      <A11yTable caption={title} data={data} unit={unit} />
    </figure>
  );
}

