// The console channel over a real app (memory store, fake Hugging Face and arXiv) answers odd input helpfully.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createApp, type RunningApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createConsoleAdapter } from '../../../adapters/console/console-adapter.ts';
import { startFakeHf, type FakeHf } from '../../fakes/hf-server.ts';
import { startFakeArxiv, type FakeArxiv } from '../../fakes/arxiv-server.ts';
import { closedPort } from '../../fakes/closed-port.ts';

let hf: FakeHf;
let arxiv: FakeArxiv;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  hf = await startFakeHf({ fixtures: true });
  arxiv = await startFakeArxiv({ papers: [{ id: 'math/0309136', title: 'A Knot Paper', summary: 'Knots.', authors: ['K. Not'] }] });
});
afterAll(async () => {
  await hf.close();
  await arxiv.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** Run the console channel over `lines`; resolves to each line's answer (the output between inputs). */
async function converse(lines: string[], env: Record<string, string> = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  let ended: () => void = () => {};
  const done = new Promise<void>((resolve) => (ended = resolve));
  const config = loadConfig({ HF_API_URL: hf.url, ARXIV_API_URL: arxiv.url, STORE_URL: 'memory://', HTTP_RETRIES: '0', HTTP_TIMEOUT: '2s', ...env });
  const app: RunningApp = await createApp({
    config,
    logger: silentLogger(),
    scheduler: false,
    adapters: (a) => [createConsoleAdapter(a, { input, output, onEnd: ended })],
  });
  await app.start();
  input.end(lines.join('\n'));
  await done;
  await app.stop();
  return out;
}

describe('console channel', () => {
  it('answers bad dates, odd references, huge input and look-alike prefixes with a helpful reply', async () => {
    const out = await converse([
      '/paper digest 2026-13-01',
      '/paper digest tomorrow',
      '/paper show https://arxiv.org/pdf/2406.95972v3.pdf',
      '/paper show math.GT/0309136v2',
      `/paper show ${'9'.repeat(10_000)}`,
      `/paper search ${'attention '.repeat(1000)}`,
      '/paper show 2406.00000',
      '／paper help',
      '/PAPER   SHOW   arXiv:2406.95972v2',
    ]);
    // Both bad days, each told once.
    expect(out.match(/error: date: use a real day like 2025-11-19\n/g)).toHaveLength(2);
    expect(out).toContain('Landscaping Linear Mode Connectivity');
    expect(out).toContain('A Knot Paper');
    expect(out).toMatch(/too long for an arXiv id or URL|is not an arXiv id/);
    expect(out).toContain('Your query was cut to its first 300 characters.');
    expect(out).toMatch(/Neither Hugging Face nor arXiv knows a paper "2406.00000"/);
    expect(out).toContain('Commands start with /paper');
    expect(out.match(/^Landscaping Linear Mode Connectivity$/gm)).toHaveLength(2);
    expect(out).not.toMatch(/\n\s+at .*:\d+:\d+|Something went wrong/);
  });

  it('gives its messages ids no other run gives, so a stored link from an earlier run is never another message’s', async () => {
    const view = { kind: 'text' as const, text: 'hello' };
    const one = createConsoleAdapter({} as never, { input: new PassThrough(), output: new PassThrough() });
    const two = createConsoleAdapter({} as never, { input: new PassThrough(), output: new PassThrough() });
    const [a] = await one.post('console', view);
    const [b] = await two.post('console', view);
    const [c] = await one.post('console', view);
    expect(new Set([a!.messageId, b!.messageId, c!.messageId]).size).toBe(3);
  });

  it('tells the person what an empty on-demand digest did, even in a quiet channel (it was asked for)', async () => {
    const out = await converse(['/paper subscribe quiet', '/paper digest 2024-01-06']);
    expect(out).toContain('No new papers for 2024-01-06.\nNothing new to post for that day; the channel got a line saying so.');
  });

  it('falls back to arXiv when Hugging Face answers an HTML error page, and says so when both fail', async () => {
    hf.fail('paper', { body: '<html>502</html>', contentType: 'text/html' });
    const fallback = await converse(['/paper show math/0309136']);
    expect(fallback).toContain('A Knot Paper');
    hf.fail('paper', { body: '<html>502</html>', contentType: 'text/html' });
    arxiv.fail('query', { status: 503 });
    const down = await converse(['/paper show cs/0112017']);
    hf.clearFaults();
    arxiv.clearFaults();
    expect(down).toMatch(/^error: arXiv is not answering properly right now \(HTTP 503\)\. Try again in a few minutes\.$/m);
    expect(`${fallback}${down}`).not.toMatch(/Something went wrong/);
  });

  it('says when Hugging Face and arXiv cannot be reached at all, rather than that they answer wrongly', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const out = await converse(['/paper show 2406.12345'], { HF_API_URL: nowhere, ARXIV_API_URL: nowhere });
    expect(out).toMatch(/^error: paperboy cannot reach arXiv right now \(no connection could be made\)\. Try again in a few minutes\.$/m);
  });
});
