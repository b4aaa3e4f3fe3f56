import type { ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { UsageSummary, UsageTimeSeries } from '../../../../shared/operations';
import { formatInteger, formatTick, formatUsd, formatUsdTick } from '../../components/format';
import { costByGroup, requestsByDay, seriesColors, shortDay, tokensByDay, topGroups } from './usage-chart-data';
import { groupByLabels } from './usage-filters';

const axis = { stroke: 'var(--muted)', fontSize: 12 };
/** An axis's unit, written along it. */
const unit = (value: string, vertical = true) =>
  vertical
    ? { value, angle: -90, position: 'insideLeft' as const, style: { textAnchor: 'middle' as const, fill: 'var(--muted)', fontSize: 12 } }
    : { value, position: 'insideBottom' as const, offset: -4, style: { fill: 'var(--muted)', fontSize: 12 } };
const tooltipStyle = { background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' };

/** A chart with a visible title and a text alternative; the table below carries the same data. */
function ChartFrame({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div className="chart-body" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          {children as React.ReactElement}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function TokensOverTime({ series }: { series: UsageTimeSeries }) {
  const data = tokensByDay(series);
  const by = groupByLabels[series.groupBy].replace(/ \(.*\)$/, '').toLowerCase();
  return (
    <ChartFrame
      title={`Tokens over time, by ${by}`}
      summary={`Tokens per ${series.grain} of each ${by}: ${series.keys.map((k) => k.label).join(', ') || 'no usage'}`}
    >
      <AreaChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis dataKey="day" tickFormatter={shortDay} {...axis} minTickGap={24} />
        <YAxis tickFormatter={formatTick} {...axis} width={56} label={unit('Tokens')} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(d) => shortDay(String(d))} formatter={(v) => formatInteger(Number(v))} />
        <Legend />
        {series.keys.map((k, i) => (
          <Area
            key={k.key}
            type="monotone"
            dataKey={k.key}
            name={k.label}
            stroke={seriesColors[i % seriesColors.length]}
            fill={seriesColors[i % seriesColors.length]}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ChartFrame>
  );
}

export function RequestsAndErrors({ series }: { series: UsageTimeSeries }) {
  const data = requestsByDay(series);
  return (
    <ChartFrame
      title="Requests and errors over time"
      summary={`Requests and errors per ${series.grain} from ${series.from} to ${series.to}`}
    >
      <LineChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis dataKey="day" tickFormatter={shortDay} {...axis} minTickGap={24} />
        <YAxis tickFormatter={formatTick} {...axis} width={56} allowDecimals={false} label={unit('Requests')} />
        <Tooltip contentStyle={tooltipStyle} labelFormatter={(d) => shortDay(String(d))} />
        <Legend />
        <Line type="monotone" dataKey="requests" name="Requests" stroke={seriesColors[0]} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="errors" name="Errors" stroke={seriesColors[3]} dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartFrame>
  );
}

export function CostByProvider({ summary }: { summary: UsageSummary }) {
  const data = costByGroup(summary);
  const unpriced = data.filter((d) => d.unpricedRequests > 0);
  return (
    <div>
      <ChartFrame
        title="Cost by provider"
        summary={data.map((d) => `${d.label}: ${formatUsd(d.costUsd * 1_000_000)}`).join('; ') || 'no usage'}
      >
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis type="number" tickFormatter={formatUsdTick} {...axis} height={40} label={unit('Cost (US dollars)', false)} />
          <YAxis type="category" dataKey="label" {...axis} width={110} />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatUsd(Number(v) * 1_000_000)} />
          <Bar dataKey="costUsd" name="Cost" fill={seriesColors[1]} isAnimationActive={false} />
        </BarChart>
      </ChartFrame>
      {unpriced.length > 0 && (
        <p className="chart-note">
          Not in the chart: {unpriced.map((d) => `${formatInteger(d.unpricedRequests)} unpriced requests (${d.label})`).join(', ')}.
        </p>
      )}
    </div>
  );
}

export function TopPipelines({ summary }: { summary: UsageSummary }) {
  const data = topGroups(summary, 8);
  return (
    <ChartFrame title="Top pipelines" summary={data.map((d) => `${d.label}: ${formatInteger(d.tokens)} tokens`).join('; ') || 'no usage'}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
        <XAxis type="number" tickFormatter={formatTick} {...axis} allowDecimals={false} height={40} label={unit('Tokens', false)} />
        <YAxis type="category" dataKey="label" {...axis} width={110} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v) => formatInteger(Number(v))} />
        <Bar dataKey="tokens" name="Tokens" fill={seriesColors[2]} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
