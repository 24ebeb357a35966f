// Learning from a channel's saves and dismissals: the next digest follows them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Save } from '../../src/store/stores.ts';
import { Corpus } from '../../src/rank/corpus.ts';
import { buildProfile, EXAMPLES, ProfileCache } from '../../src/rank/profile.ts';
import { Ranker } from '../../src/rank/rank-papers.ts';
import { fixturesDir } from '../fakes/fixtures.ts';
import { fixtureListings, fixturePapers } from '../search/helpers.ts';

const judgments = JSON.parse(readFileSync(path.join(fixturesDir, 'judgments.json'), 'utf8')) as { queries: Record<string, Record<string, number>> };
const onTheme = judgments.queries['linear attention']!;

const save = (paperId: string, kind: Save['kind'] = 'save', userId = 'u1'): Save => ({ platform: 'slack', channelId: 'C1', userId, paperId, kind, at: '2025-10-23T12:00:00.000Z' });

describe('a channel learns from its saves', () => {
  const days = fixtureListings();
  const corpus = Corpus.of(fixturePapers());
  const ranker = new Ranker(corpus);
  // Day one: the channel (no topics) saves three linear-attention papers.
  const dayOne = days.get('2025-10-23')!;
  const saved = ['2405.17513', '2401.82307', '2506.49230'];
  // The next digest comes from a new day, without what day one already showed.
  const sent = new Set(dayOne.map((p) => p.id));
  const next = days.get('2025-12-09')!.filter((p) => !sent.has(p.id));

  it('ranks the saved theme first in the next digest from a new day', () => {
    const before = ranker.rank(next, { limit: 3 });
    expect(onTheme[before[0]!.id]).toBeUndefined(); // without saves, the most upvoted paper leads, off theme
    const profile = buildProfile(corpus, saved.map((id) => save(id)))!;
    const after = ranker.rank(next, { profile, limit: 3 });
    for (const r of after) expect(onTheme[r.id]).toBeGreaterThanOrEqual(1);
    expect(after[0]!.why).toMatch(/like \d papers? saved here/);
  });

  it('sinks papers like the ones the channel marked "not for us"', () => {
    const listing = days.get('2025-11-19')!;
    const plain = ranker.rank(listing).map((r) => r.id);
    // LinFusion (most upvoted) is an efficient image-generation paper; the channel dismisses LiT, its sibling.
    expect(plain[0]).toBe('2409.31164');
    const profile = buildProfile(corpus, [save('2501.87892', 'dismiss')])!;
    const after = ranker.rank(listing, { profile }).map((r) => r.id);
    expect(after).not.toContain('2501.87892');
    expect(after.indexOf('2409.31164')).toBeGreaterThan(plain.indexOf('2409.31164') + 5);
  });

  it('lifts a topic digest toward what was saved, within the topic', () => {
    const topic = ranker.rank(next, { topics: ['linear attention'] });
    const profile = buildProfile(corpus, ['2409.31164', '2501.87892'].map((id) => save(id)))!; // image-generation papers
    const withSaves = ranker.rank(next, { topics: ['linear attention'], profile });
    expect(new Set(withSaves.map((r) => r.id))).toEqual(new Set(topic.map((r) => r.id))); // no off-topic paper enters
  });
});

describe('ProfileCache', () => {
  const corpus = Corpus.of(fixturePapers());

  it('follows added and removed saves without rebuilding, and forgets a channel with none', () => {
    const cache = new ProfileCache(corpus);
    const one = cache.get('slack:C1', [save('2405.17513')])!;
    expect([...one.savedIds]).toEqual(['2405.17513']);
    expect(cache.get('slack:C1', [save('2405.17513')])).toBe(one); // unchanged saves: the cached profile
    const two = cache.get('slack:C1', [save('2405.17513'), save('2401.82307', 'save', 'u2')])!;
    expect([...two.savedIds].sort()).toEqual(['2401.82307', '2405.17513']);
    const back = cache.get('slack:C1', [save('2401.82307', 'save', 'u2')])!;
    expect([...back.savedIds]).toEqual(['2401.82307']);
    const fresh = buildProfile(corpus, [save('2401.82307')])!;
    const asMap = (v: typeof back.saved): Map<number, string> => new Map(Array.from(v.terms, (t, i) => [t, v.w[i]!.toFixed(4)]));
    expect(asMap(back.saved)).toEqual(asMap(fresh.saved));
    expect(cache.get('slack:C1', [])).toBeUndefined();
  });

  it('keeps the channel’s latest saves as the examples its reasons point to, on a first build and after more saves', () => {
    const ids = fixturePapers().slice(0, EXAMPLES + 4).map((p) => p.id);
    // Newest first, as SaveStore.byChannel lists them.
    const saves = ids.map((id) => save(id));
    // Which paper each example is: the one a single-save profile holds the same vector for.
    const key = (v: { terms: Int32Array; w: Float32Array }) => `${Array.from(v.terms)}|${Array.from(v.w)}`;
    const byVector = new Map(ids.concat(fixturePapers()[EXAMPLES + 4]!.id).map((id) => [key(buildProfile(corpus, [save(id)])!.examples[0]!), id]));
    const examplesOf = (p: ReturnType<typeof buildProfile>) => p!.examples.map((v) => byVector.get(key(v)));
    const cache = new ProfileCache(corpus);
    expect(examplesOf(cache.get('slack:C1', saves))).toEqual(ids.slice(0, EXAMPLES));
    const newer = fixturePapers()[EXAMPLES + 4]!.id;
    ids.unshift(newer);
    expect(examplesOf(cache.get('slack:C1', [save(newer), ...saves]))).toEqual(ids.slice(0, EXAMPLES));
  });

  it('counts a paper both saved and dismissed as dismissed, and ignores unknown papers', () => {
    const p = buildProfile(corpus, [save('2405.17513'), save('2405.17513', 'dismiss', 'u2'), save('9999.99999')])!;
    expect(p.savedIds.size).toBe(0);
    expect([...p.dismissedIds]).toEqual(['2405.17513']);
  });
});
