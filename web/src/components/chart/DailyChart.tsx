import { useId } from "react";
import {
  formatCount,
  formatDay,
  formatTick,
  labelIndices,
  linePoints,
  slot,
  summarize,
  yAxis,
  yOf,
  type Plot,
} from "./scale";

// The SVG's own coordinate space; it scales to the width it is given and
// keeps this aspect ratio, so the skeleton can hold exactly its place.
const WIDTH = 400;
const HEIGHT = 220;
const PLOT: Plot = { left: 48, top: 12, width: WIDTH - 48 - 20, height: HEIGHT - 12 - 46 };
const BOTTOM = PLOT.top + PLOT.height;
// Dots on a line only while they are far enough apart to be told apart.
const MAX_DOTS = 31;

export interface DailyChartProps {
  title: string;
  noun: string; // what is counted, plural ("sign-ups"), for the summary and tooltips
  yLabel: string; // the vertical axis's title
  kind: "line" | "bar";
  days: readonly string[] | undefined; // undefined while loading
  values: readonly number[] | undefined;
  additive?: boolean; // see summarize()
}

// One count per day, drawn by hand (no chart library: the admin page stays
// small). The picture is for the eye; the caption's summary and the table
// of numbers say the same to everyone else, so the SVG is hidden from
// assistive technology rather than described twice.
export function DailyChart({ title, noun, yLabel, kind, days, values, additive = true }: DailyChartProps) {
  const titleId = useId();
  const loaded = days !== undefined && values !== undefined;
  return (
    <figure className="chart" aria-labelledby={titleId} aria-busy={!loaded}>
      <figcaption>
        <h3 id={titleId} className="chart-title">
          {title}
        </h3>
        {loaded ? (
          <p className="meta chart-summary">{summarize(days, values, noun, additive)}</p>
        ) : (
          <p className="chart-summary">
            <span className="skeleton-line wide" aria-hidden="true" />
          </p>
        )}
      </figcaption>
      {loaded ? (
        <ChartSvg kind={kind} days={days} values={values} noun={noun} yLabel={yLabel} />
      ) : (
        <div className="chart-skeleton" aria-hidden="true" />
      )}
      {loaded && days.length > 0 ? (
        <details className="chart-data">
          <summary>Numbers by day</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">{yLabel}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d, i) => (
                <tr key={d}>
                  <th scope="row">{d}</th>
                  <td>{formatCount(values[i] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}

function ChartSvg({
  kind,
  days,
  values,
  noun,
  yLabel,
}: {
  kind: "line" | "bar";
  days: readonly string[];
  values: readonly number[];
  noun: string;
  yLabel: string;
}) {
  const axis = yAxis(Math.max(0, ...values));
  const n = values.length;
  const tip = (i: number) => `${formatDay(days[i] ?? "")}: ${formatCount(values[i] ?? 0)} ${noun}`;
  return (
    <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
      {axis.ticks.map((t) => {
        const y = yOf(t, axis, PLOT);
        return (
          <g key={t}>
            <line className="chart-grid" x1={PLOT.left} x2={PLOT.left + PLOT.width} y1={y} y2={y} />
            <text className="chart-tick" x={PLOT.left - 6} y={y} textAnchor="end" dominantBaseline="middle">
              {formatTick(t)}
            </text>
          </g>
        );
      })}
      <line className="chart-axis" x1={PLOT.left} x2={PLOT.left + PLOT.width} y1={BOTTOM} y2={BOTTOM} />
      {labelIndices(n).map((i) => (
        <text key={i} className="chart-tick" x={slot(i, n, PLOT).centre} y={BOTTOM + 16} textAnchor="middle">
          {formatDay(days[i] ?? "")}
        </text>
      ))}
      <text className="chart-axis-title" x={PLOT.left + PLOT.width / 2} y={HEIGHT - 6} textAnchor="middle">
        Day (UTC)
      </text>
      <text
        className="chart-axis-title"
        transform="rotate(-90)"
        x={-(PLOT.top + PLOT.height / 2)}
        y={12}
        textAnchor="middle"
      >
        {yLabel}
      </text>
      {kind === "bar"
        ? values.map((v, i) => {
            const s = slot(i, n, PLOT);
            // A non-zero day stays visible however small beside the peak.
            const height = v > 0 ? Math.max(1, BOTTOM - yOf(v, axis, PLOT)) : 0;
            return (
              <rect
                key={days[i]}
                className="chart-bar"
                x={s.x + s.width * 0.15}
                width={s.width * 0.7}
                y={BOTTOM - height}
                height={height}
              >
                <title>{tip(i)}</title>
              </rect>
            );
          })
        : null}
      {kind === "line" ? <polyline className="chart-line" points={linePoints(values, axis, PLOT)} /> : null}
      {kind === "line" && n <= MAX_DOTS
        ? values.map((v, i) => (
            <circle key={days[i]} className="chart-dot" cx={slot(i, n, PLOT).centre} cy={yOf(v, axis, PLOT)} r={2.5}>
              <title>{tip(i)}</title>
            </circle>
          ))
        : null}
    </svg>
  );
}
