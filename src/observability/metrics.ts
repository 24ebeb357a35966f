// paperboy's counters and histogram, written out in the Prometheus text format (no client library).

type Labels = Record<string, string>;

/** A monotonically increasing count, per label set. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
  /** The current value for a label set (tests, health output). */
  get(labels?: Labels): number;
}

/** Observations bucketed by upper bound, per label set. */
export interface Histogram {
  observe(value: number, labels?: Labels): void;
  /** How many observations a label set has. */
  count(labels?: Labels): number;
}

/** Everything /metrics exposes. */
export interface Metrics {
  /** digests_sent_total{platform}: scheduled and on-demand digests that finished. */
  digestsSent: Counter;
  /** papers_posted_total{platform}: paper messages that went out. */
  papersPosted: Counter;
  /** command_latency_seconds{command}: time to answer a `/paper` command. */
  commandLatency: Histogram;
  /** rate_limited_total{platform}: 429s seen (adapters and pacer report them). */
  rateLimited: Counter;
  /** source_errors_total{source}: failed requests to Hugging Face or arXiv. */
  sourceErrors: Counter;
  /** Record a command's latency in milliseconds (what the command handler measures). */
  observeCommand(command: string, ms: number): void;
  /** The Prometheus text exposition (version 0.0.4). */
  render(): string;
}

const keyOf = (labels: Labels = {}) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k]!)}"`)
    .join(',');

/** Label values escape backslash, double quote and newline. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  lines(): string[];
}

function counter(name: string, help: string, families: Family[]): Counter {
  const values = new Map<string, number>();
  families.push({
    name,
    help,
    type: 'counter',
    lines: () => (values.size ? [...values].map(([k, v]) => `${name}${k ? `{${k}}` : ''} ${fmt(v)}`) : [`${name} 0`]),
  });
  return {
    inc(labels, by = 1) {
      if (!(by >= 0)) return;
      const k = keyOf(labels);
      values.set(k, (values.get(k) ?? 0) + by);
    },
    get: (labels) => values.get(keyOf(labels)) ?? 0,
  };
}

/** Default buckets for command latency in seconds: 5 ms to 30 s. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function histogram(name: string, help: string, buckets: number[], families: Family[]): Histogram {
  const series = new Map<string, { counts: number[]; sum: number; count: number }>();
  families.push({
    name,
    help,
    type: 'histogram',
    lines: () =>
      [...series].flatMap(([k, s]) => {
        const sep = k ? `${k},` : '';
        let cumulative = 0;
        const out = buckets.map((b, i) => {
          cumulative += s.counts[i]!;
          return `${name}_bucket{${sep}le="${fmt(b)}"} ${cumulative}`;
        });
        out.push(`${name}_bucket{${sep}le="+Inf"} ${s.count}`);
        out.push(`${name}_sum${k ? `{${k}}` : ''} ${fmt(s.sum)}`, `${name}_count${k ? `{${k}}` : ''} ${s.count}`);
        return out;
      }),
  });
  return {
    observe(value, labels) {
      if (!Number.isFinite(value)) return;
      const k = keyOf(labels);
      let s = series.get(k);
      if (!s) series.set(k, (s = { counts: buckets.map(() => 0), sum: 0, count: 0 }));
      const i = buckets.findIndex((b) => value <= b);
      if (i >= 0) s.counts[i]!++;
      s.sum += value;
      s.count++;
    },
    count: (labels) => series.get(keyOf(labels))?.count ?? 0,
  };
}

/** A fresh set of metrics (one per app; no module-level registry). */
export function createMetrics(): Metrics {
  const families: Family[] = [];
  const commandLatency = histogram('command_latency_seconds', 'Time to answer a /paper command.', LATENCY_BUCKETS, families);
  return {
    digestsSent: counter('digests_sent_total', 'Digests delivered to a channel (scheduled and on demand).', families),
    papersPosted: counter('papers_posted_total', 'Paper messages posted to channels.', families),
    commandLatency,
    rateLimited: counter('rate_limited_total', 'HTTP 429 answers received from chat platforms.', families),
    sourceErrors: counter('source_errors_total', 'Failed requests to paper sources (Hugging Face, arXiv).', families),
    observeCommand: (command, ms) => commandLatency.observe(ms / 1000, { command }),
    render: () =>
      families.map((f) => [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.lines()].join('\n')).join('\n') + '\n',
  };
}
