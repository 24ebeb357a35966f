// The Prometheus text writer: families, labels, escaping, histogram buckets.
import { describe, expect, it } from 'vitest';
import { createMetrics, escapeLabel } from '../../src/observability/metrics.ts';

describe('metrics', () => {
  it('writes every family, zero before anything happened', () => {
    const text = createMetrics().render();
    for (const name of ['digests_sent_total', 'papers_posted_total', 'rate_limited_total', 'source_errors_total']) {
      expect(text).toContain(`# TYPE ${name} counter`);
      expect(text).toContain(`\n${name} 0\n`);
    }
    expect(text).toContain('# TYPE command_latency_seconds histogram');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('counts by label and writes cumulative histogram buckets', () => {
    const m = createMetrics();
    m.digestsSent.inc({ platform: 'slack' });
    m.digestsSent.inc({ platform: 'slack' });
    m.papersPosted.inc({ platform: 'discord' }, 5);
    m.papersPosted.inc({ platform: 'discord' }, -1);
    m.observeCommand('search', 7);
    m.observeCommand('search', 300);
    m.observeCommand('search', 60_000);
    const text = m.render();
    expect(text).toContain('digests_sent_total{platform="slack"} 2');
    expect(text).toContain('papers_posted_total{platform="discord"} 5');
    expect(text).toContain('command_latency_seconds_bucket{command="search",le="0.01"} 1');
    expect(text).toContain('command_latency_seconds_bucket{command="search",le="0.5"} 2');
    expect(text).toContain('command_latency_seconds_bucket{command="search",le="30"} 2');
    expect(text).toContain('command_latency_seconds_bucket{command="search",le="+Inf"} 3');
    expect(text).toContain('command_latency_seconds_count{command="search"} 3');
    expect(text).toMatch(/command_latency_seconds_sum\{command="search"\} 60\.307/);
    expect(m.commandLatency.count({ command: 'search' })).toBe(3);
  });

  it('escapes label values', () => {
    expect(escapeLabel('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const m = createMetrics();
    m.sourceErrors.inc({ source: 'x"y' });
    expect(m.render()).toContain('source_errors_total{source="x\\"y"} 1');
  });
});
