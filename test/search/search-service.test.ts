// The search service: index plus relevance model, id queries to lookup, Hugging Face merged when it answers.
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { parsePaperRef } from '../../src/papers/arxiv-id.ts';
import { memoryPaperStore } from '../../src/rank/evaluate.ts';
import { createRanking } from '../../src/rank/ranking.ts';
import { createSearchService, type SearchServiceDeps } from '../../src/search/search-service.ts';
import { fixturePapers, paper } from './helpers.ts';

async function service(papers: Paper[], deps: Partial<SearchServiceDeps> = {}) {
  const s = createSearchService({ papers: memoryPaperStore(papers), lookup: async () => undefined, logger: silentLogger(), parseRef: parsePaperRef, ...deps });
  const built = await s.rebuild();
  return { s, built };
}

describe('search service', () => {
  const papers = fixturePapers();
  const title = (p: Paper): string => p.title;

  it('rebuilds its index from the store', async () => {
    const { s, built } = await service(papers);
    expect(built.count).toBe(papers.length);
    expect(s.size).toBe(papers.length);
    expect(s.corpus.size).toBe(papers.length);
  });

  it('rebuilds the shared ranking corpus and its own index in one pass over the store (rebuildAll)', async () => {
    const store = memoryPaperStore(papers);
    const all = vi.spyOn(store, 'all');
    const saves = { byChannel: async () => [], byUser: async () => [], add: async () => true, remove: async () => true };
    const ranking = createRanking({ stores: { papers: store, saves }, logger: silentLogger(), clock: { now: () => new Date() } });
    const s = createSearchService({ papers: store, lookup: async () => undefined, logger: silentLogger(), parseRef: parsePaperRef, ranking });
    const built = await s.rebuildAll();
    expect(all).toHaveBeenCalledTimes(1);
    expect(built.count).toBe(papers.length);
    expect(ranking.corpus.size).toBe(papers.length);
    expect((await s.search('linear attention', { limit: 3 })).length).toBe(3);
  });

  it('ranks topic papers first and says why', async () => {
    const { s } = await service(papers);
    const hits = await s.search('linear attention', { limit: 5 });
    expect(hits).toHaveLength(5);
    for (const h of hits) expect(title(h.paper)).toMatch(/linear|attention/i);
    expect(hits[0]!.why).toMatch(/^title matches “linear”, “attention”/);
  });

  it('tolerates typos and prefixes', async () => {
    const { s } = await service(papers);
    const typo = await s.search('linear attentoin', { limit: 3 });
    expect(typo.map((h) => title(h.paper)).every((t) => /attention/i.test(t))).toBe(true);
    const prefix = await s.search('mechanistic interp', { limit: 3 });
    expect(prefix.filter((h) => /interpretability/i.test(title(h.paper))).length).toBeGreaterThanOrEqual(2);
  });

  it('puts a title match above an abstract match', async () => {
    const { s } = await service([
      paper('2501.00001', 'Scaling laws for sparse models', 'We study pruning of weights in large networks.'),
      paper('2501.00002', 'Pruning made simple', 'A short note on removing weights from trained networks.'),
    ]);
    const hits = await s.search('pruning');
    expect(hits.map((h) => h.paper.id)).toEqual(['2501.00002', '2501.00001']);
    expect(hits[0]!.why).toContain('title matches “pruning”');
  });

  it('sends an arXiv id or URL to lookup instead of the index', async () => {
    const found = paper('2406.12345', 'Looked up');
    const lookup = vi.fn(async (ref: string) => (ref === '2406.12345' ? found : undefined));
    const { s } = await service(papers, { lookup });
    expect((await s.search('https://arxiv.org/abs/2406.12345v2'))[0]!.paper).toBe(found);
    expect((await s.search('arXiv:2406.12345'))[0]!.paper.title).toBe('Looked up');
    expect(await s.search('2406.99999')).toEqual([]);
    expect(lookup).toHaveBeenCalledTimes(3);
  });

  it('answers from the local index alone when Hugging Face search fails', async () => {
    const hfSearch = vi.fn(async () => {
      throw new Error('503 from Hugging Face');
    });
    const { s } = await service(papers, { hfSearch });
    const hits = await s.search('brain imaging', { limit: 4 });
    expect(hfSearch).toHaveBeenCalledTimes(1);
    expect(hits).toHaveLength(4);
    for (const h of hits) expect(`${h.paper.title} ${h.paper.summary}`).toMatch(/brain/i);
  });

  it('does not wait for a Hugging Face search that hangs, and cancels it', async () => {
    let signal: AbortSignal | undefined;
    const hfSearch = (_q: string, s: AbortSignal) => {
      signal = s;
      return new Promise<Paper[]>(() => {});
    };
    const { s } = await service(papers, { hfSearch, hfTimeoutMs: 30 });
    const hits = await s.search('brain imaging', { limit: 4 });
    expect(hits).toHaveLength(4);
    expect(signal?.aborted).toBe(true);
  });

  it('leaves a Hugging Face search that answered in time alone', async () => {
    let signal: AbortSignal | undefined;
    const { s } = await service(papers, {
      hfSearch: async (_q, sig) => {
        signal = sig;
        return [];
      },
    });
    await s.search('brain imaging', { limit: 4 });
    expect(signal?.aborted).toBe(false);
  });

  it('merges papers only Hugging Face knows after the relevant local ones, without duplicates', async () => {
    const remote = [papers.find((p) => /brain/i.test(p.title))!, paper('2509.99999', 'Brain decoding from remote search')];
    const { s } = await service(papers, { hfSearch: async () => remote });
    const hits = await s.search('brain imaging', { limit: 10 });
    const ids = hits.map((h) => h.paper.id);
    expect(new Set(ids).size).toBe(ids.length);
    const at = ids.indexOf('2509.99999');
    expect(at).toBeGreaterThanOrEqual(4); // the four brain papers stored locally come first
    expect(hits[at]!.why).toBe('found by Hugging Face search');
  });

  it('finds papers indexed after start-up', async () => {
    const store = memoryPaperStore([]);
    const { s } = { s: createSearchService({ papers: store, lookup: async () => undefined, logger: silentLogger(), parseRef: parsePaperRef }) };
    await s.rebuild();
    expect(await s.search('quantum')).toEqual([]);
    const fresh = paper('2501.00005', 'Quantum error correction with transformers');
    await store.putMany([fresh]);
    s.index([fresh]);
    expect((await s.search('quantum'))[0]!.paper.id).toBe('2501.00005');
    const renamed = { ...fresh, title: 'Protein folding with transformers' };
    await store.putMany([renamed]);
    s.index([renamed]);
    expect(await s.search('quantum')).toEqual([]);
    expect((await s.search('protein'))[0]!.paper.title).toBe('Protein folding with transformers');
  });

  it('finds papers by author name, never "correcting" a name into a word', async () => {
    const { s } = await service([...papers, paper('2501.00009', 'Graph sparsification', 'Edges.', { authors: ['Ada Hintonsky'] })]);
    const hits = await s.search('Hintonsky');
    expect(hits[0]?.paper.id).toBe('2501.00009');
    expect(hits[0]?.why).toBe('by Ada Hintonsky');
  });

  it('puts the papers of the person a query names first, as strong matches saying by whom', async () => {
    const extra = [
      paper('2501.30005', 'Variational inference at scale', 'Bayesian deep learning.', { authors: ['Max Welling'] }),
      paper('2501.30006', 'Scaling of spiking nets', 'Neurons.', { authors: ['Song Han', 'Rich Sutton'] }),
      paper('2501.30001', 'Wavelet scattering', 'Signals.', { authors: ['Yann LeCun', 'Geoffrey E. Hinton'] }),
      paper('2501.30002', 'Kernel methods', 'Kernels.', { authors: ['Nando de Freitas'] }),
      paper('2501.30003', 'Capsules', 'Parts and wholes.', { authors: ['G. Hinton'] }),
      paper('2501.30007', 'Policy gradients', 'RL.', { authors: ['Kaiming He'] }),
    ];
    // Fixture abstracts say `well` (which `welling` stems to), `rich`, `de` and `g`: those papers used to come first.
    const { s } = await service([...papers, ...extra]);
    for (const [q, id, by] of [
      ['Max Welling', '2501.30005', 'by Max Welling'],
      ['Rich Sutton', '2501.30006', 'by Rich Sutton'],
      ['de Freitas', '2501.30002', 'by Nando de Freitas'],
      ['G Hinton', '2501.30003', 'by G. Hinton'],
      ['Kaiming He', '2501.30007', 'by Kaiming He'],
    ]) {
      const [first] = await s.search(q!, { limit: 5 });
      expect(first?.paper.id, q).toBe(id);
      expect(first?.why, q).toBe(by);
      expect(first?.score, q).toBeGreaterThan(1);
    }
    // An initial stands for a name on either side: both Hintons are named, ahead of the G-SimCLR paper.
    const hinton = await s.search('G Hinton', { limit: 5 });
    expect(hinton.slice(0, 2).map((h) => h.paper.id).sort()).toEqual(['2501.30001', '2501.30003']);
    expect((await s.search('Geoffrey Hinton', { limit: 5 })).slice(0, 2).map((h) => h.why).sort()).toEqual(['by G. Hinton', 'by Geoffrey E. Hinton']);
  });

  it('lists the papers by a name that is also an everyday word after those the word matches', async () => {
    const byLong = paper('2501.30004', 'Graph coloring', 'Colours.', { authors: ['Will Long'] });
    const { s } = await service([...papers, byLong]);
    const hits = await s.search('long', { limit: 20 });
    const at = hits.findIndex((h) => h.paper.id === '2501.30004');
    expect(at).toBeGreaterThan(0);
    expect(hits[at]).toMatchObject({ why: 'by Will Long' });
    expect(hits[0]!.why).toMatch(/title matches “long”/);
    // Said in full, the name is the person's.
    expect((await s.search('Will Long'))[0]?.paper.id).toBe('2501.30004');
  });

  it('keeps the papers of the person a query names ahead of what Hugging Face search adds', async () => {
    const mine = paper('2501.00009', 'Graph sparsification', 'Edges.', { authors: ['Ada Hintonsky'] });
    const byLong = paper('2501.30004', 'Graph coloring', 'Colours.', { authors: ['Will Long'] });
    const remote = Array.from({ length: 10 }, (_, i) => paper(`2509.9990${i}`, `Remote paper ${i}`, 'Something else.'));
    const { s } = await service([...papers, mine, byLong], { hfSearch: async () => remote });
    expect((await s.search('Hintonsky', { limit: 10 }))[0]?.paper.id).toBe('2501.00009');
    expect((await s.search('long', { limit: 10 })).map((h) => h.paper.id)).toContain('2501.30004');
  });

  it('lets numbers, single letters and author names in a query pick among papers that match its words alike', async () => {
    const extra = [
      paper('2501.10001', 'ImageNet results from 2012', 'Image classification benchmark results on ImageNet.'),
      paper('2501.10002', 'ImageNet results from 2024', 'Image classification benchmark results on ImageNet.'),
      paper('2501.10003', 'Faster k-means clustering', 'Clustering points quickly with centroids.'),
      paper('2501.10004', 'Clustering by means of spectral graphs', 'Clustering points quickly with graphs.'),
      paper('2501.10005', 'GPT-4 technical report', 'A large language model.', { authors: ['Ada Lovelace'] }),
      paper('2501.10006', 'GPT-3 technical report', 'A large language model.', { authors: ['Bob Smith'] }),
    ];
    const { s } = await service([...papers, ...extra]);
    const first = async (q: string) => (await s.search(q))[0];
    expect((await first('2012'))?.paper.id).toBe('2501.10001');
    expect((await first('imagenet 2024'))?.paper.id).toBe('2501.10002');
    expect((await first('imagenet 2012'))?.paper.id).toBe('2501.10001');
    expect((await first('k-means clustering'))?.paper.id).toBe('2501.10003');
    expect((await first('gpt-4 technical report'))?.paper.id).toBe('2501.10005');
    const smith = await first('smith technical report');
    expect(smith?.paper.id).toBe('2501.10006');
    expect(smith?.why).toContain('“smith”');
  });

  it('finds a model by its name and number with or without a hyphen or space between them (GPT4, GPT-4, Llama3, Llama 3)', async () => {
    const extra = [
      paper('2501.40001', 'GPT-4 Technical Report', 'We report the development of a large multimodal model.'),
      paper('2501.40003', 'Llama 3 herd of models', 'Foundation models.'),
      paper('2501.40007', 'Distilling Falcon7 into tiny models', 'Small students.'),
      paper('2501.40008', 'Falcon flight dynamics', 'Birds of prey.'),
      paper('2501.40009', 'Llama 2: open foundation and fine-tuned chat models', 'We release Llama 2, pretrained and fine-tuned large language models from 7B to 70B parameters.'),
    ];
    const { s } = await service([...papers, ...extra]);
    for (const q of ['GPT4', 'gpt 4', 'GPT-4']) expect((await s.search(q))[0]?.paper.id, q).toBe('2501.40001');
    for (const q of ['llama 3', 'llama-3']) expect((await s.search(q))[0]?.paper.id, q).toBe('2501.40003');
    // Typed joined as fixture papers write it, it finds those first, and not the Llama 2 paper: `llama` alone would.
    const llama3 = await s.search('Llama3', { limit: 5 });
    expect(llama3[0]?.paper.summary).toMatch(/llama-?3/i);
    expect(llama3.map((h) => h.paper.id)).not.toContain('2501.40009');
    expect((await s.search('Llama3 quantization', { limit: 5 }))[0]?.paper.id).not.toBe('2501.40009');
    expect((await s.search('Falcon7'))[0]?.paper.id).toBe('2501.40007');
    for (const q of ['falcon 7', 'Falcon-7']) expect((await s.search(q)).map((h) => h.paper.id), q).toContain('2501.40007');
    // The fixture abstracts that say `Llama3` are found; a title with a lone 3 in it is no reason to list a paper.
    const llama = await s.search('Llama3', { limit: 20 });
    expect(llama.map((h) => h.paper.id)).toEqual(expect.arrayContaining(['2502.39648', '2509.25970']));
    for (const h of llama) expect(h.why).not.toMatch(/“3”/);
  });

  it('finds an author whose name has letters beyond ASCII by its ASCII spelling, and by itself', async () => {
    const { s } = await service([...papers, paper('2501.10007', 'Manifold learning', 'Curves.', { authors: ['Søren Hauberg', 'Paweł Łukasz'] })]);
    for (const q of ['Soren Hauberg', 'Søren', 'pawel', 'Łukasz']) expect((await s.search(q))[0]?.paper.id).toBe('2501.10007');
  });

  it('learns no words from queries: searching many words no paper has leaves the corpus as it was', async () => {
    const { s } = await service(papers);
    const vocabulary = s.corpus.vocabSize;
    const before = (await s.search('linear attention')).map((h) => h.paper.id);
    for (let i = 0; i < 300; i++) await s.search(`qq${i.toString(36)}zz attention`);
    expect(s.corpus.vocabSize).toBe(vocabulary);
    expect((await s.search('linear attention')).map((h) => h.paper.id)).toEqual(before);
  });

  it('asks Hugging Face nothing for a query of stop words alone, but still for words of a script the index does not split', async () => {
    const hfSearch = vi.fn(async () => [paper('2509.99998', 'Some paper Hugging Face returns for anything')]);
    const { s } = await service(papers, { hfSearch });
    for (const q of ['the of and', 'What is it?', '?!']) expect(await s.search(q)).toEqual([]);
    expect(hfSearch).not.toHaveBeenCalled();
    expect((await s.search('大规模语言模型'))[0]?.paper.id).toBe('2509.99998');
    expect(hfSearch).toHaveBeenCalledTimes(1);
  });

  it('treats empty, hostile and huge queries kindly', async () => {
    const { s } = await service(papers);
    expect(await s.search('   ')).toEqual([]);
    expect(Array.isArray(await s.search('<@everyone> ``` '.repeat(500)))).toBe(true);
    expect(Array.isArray(await s.search('a'.repeat(10_000)))).toBe(true);
  });
});
