/**
 * A small, strict parser of the Prometheus text exposition format (0.0.4): it throws on anything
 * the format does not allow (a sample before its TYPE, a bad name, label or value, a histogram
 * whose buckets are not cumulative or disagree with its count), so a test that parses passes only
 * on output a Prometheus server would take.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const suffixes: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'], counter: [''] };

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value "${text}" in: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels in: ${line}`);
    const name = text.slice(i, eq);
    if (!labelName.test(name) || name in labels) throw new Error(`bad or repeated label name "${name}" in: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const next = text[++j];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else throw new Error(`bad escape in: ${line}`);
    }
    if (j >= text.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (i < text.length) throw new Error(`expected "," between labels in: ${line}`);
  }
  return labels;
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, MetricFamily>();
  const help = new Map<string, string>();
  for (const line of text.split('\n').slice(0, -1)) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!match) continue; // a plain comment
      const [, kind, name, rest] = match as unknown as [string, string, string, string];
      if (!metricName.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (kind === 'HELP') help.set(name, rest);
      else {
        if (!types.has(rest)) throw new Error(`unknown type in: ${line}`);
        if (families.has(name)) throw new Error(`TYPE given twice for ${name}`);
        families.set(name, { name, type: rest as MetricFamily['type'], help: help.get(name) ?? '', samples: [] });
      }
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
    const family = [...families.values()].find((f) => (suffixes[f.type] ?? ['']).some((suffix) => name === f.name + suffix));
    if (!family) throw new Error(`sample ${name} has no TYPE before it`);
    family.samples.push({ name, labels: parseLabels(labelText ?? '', line), value: parseValue(valueText, line) });
  }
  for (const family of families.values()) {
    family.help = help.get(family.name) ?? family.help;
    if (family.type === 'histogram') checkHistogram(family);
    if (family.type === 'counter' && family.samples.some((s) => s.value < 0)) throw new Error(`negative counter ${family.name}`);
  }
  return families;
}

/** Buckets are cumulative in `le` order, end with +Inf, and the +Inf bucket equals `_count`, per label set. */
function checkHistogram(family: MetricFamily): void {
  const series = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    if (sample.name.endsWith('_bucket') && le === undefined) throw new Error(`${family.name} bucket without le`);
    (series.get(key) ?? series.set(key, []).get(key)!).push(sample);
  }
  for (const samples of series.values()) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name.endsWith('_count'));
    if (!count || !samples.some((s) => s.name.endsWith('_sum'))) throw new Error(`${family.name} lacks _sum or _count`);
    let previous = -Infinity;
    let last = -1;
    for (const bucket of buckets) {
      const le = parseValue(bucket.labels.le!, bucket.labels.le!);
      if (le <= previous || bucket.value < last) throw new Error(`${family.name} buckets are not cumulative`);
      previous = le;
      last = bucket.value;
    }
    if (previous !== Infinity || last !== count.value) throw new Error(`${family.name}: the +Inf bucket must equal _count`);
  }
}

/** The sum of a family's samples named `name` whose labels include `match`. */
export function sumOf(families: Map<string, MetricFamily>, family: string, match: Record<string, string> = {}, name = family): number {
  const samples = families.get(family)?.samples ?? [];
  return samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}
