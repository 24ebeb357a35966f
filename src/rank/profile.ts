// A channel's taste, learned from its saves and dismissals: Rocchio centroids over tf-idf vectors, updated incrementally.
import { kthLargest } from './kth-largest.ts';
import type { Save } from '../store/stores.ts';
import { savedPapers } from '../store/save-store.ts';
import type { Corpus, DocVector } from './corpus.ts';

/** A sparse vector: parallel term ids and weights. */
export interface SparseVector {
  terms: Int32Array;
  w: Float32Array;
}

/** What a channel likes and does not: unit centroids of its saved and dismissed papers. */
export interface Profile {
  saved: SparseVector;
  dismissed: SparseVector;
  savedIds: ReadonlySet<string>;
  dismissedIds: ReadonlySet<string>;
  /** Unit vectors of up to EXAMPLES saved papers (for "like N papers saved here"). */
  examples: SparseVector[];
}

/** Saved papers kept as examples for reasons. */
export const EXAMPLES = 10;

/** Terms kept per centroid: enough to describe a theme, small enough to score fast. */
export const PROFILE_TERMS = 300;

/**
 * Unit tf-idf vector of a document: (1 + log tf) · idf, L2-normalised. Terms found in fewer than two
 * stored papers are left out: they cannot make the paper similar to another, only dilute it.
 */
export function tfidf(corpus: Corpus, d: DocVector): SparseVector {
  const keep: number[] = [];
  for (let i = 0; i < d.terms.length; i++) if (corpus.docFreq(d.terms[i]!) >= 2) keep.push(i);
  const terms = Int32Array.from(keep, (i) => d.terms[i]!);
  const w = new Float32Array(keep.length);
  let norm = 0;
  for (let j = 0; j < keep.length; j++) {
    const i = keep[j]!;
    w[j] = (1 + Math.log(Math.max(1, d.tf[i]!))) * corpus.idf(d.terms[i]!);
    norm += w[j]! * w[j]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < w.length; i++) w[i]! /= norm;
  return { terms, w };
}

/** Running sum of unit vectors, with add and remove. */
class Centroid {
  readonly sum = new Map<number, number>();
  readonly ids = new Set<string>();

  add(id: string, v: SparseVector, sign: 1 | -1): void {
    if (sign > 0) this.ids.add(id);
    else this.ids.delete(id);
    for (let i = 0; i < v.terms.length; i++) {
      const t = v.terms[i]!;
      const next = (this.sum.get(t) ?? 0) + sign * v.w[i]!;
      if (Math.abs(next) < 1e-6) this.sum.delete(t);
      else this.sum.set(t, next);
    }
  }

  /** The top terms of the sum, L2-normalised. */
  vector(): SparseVector {
    const weights = Float64Array.from(this.sum.values());
    const cut = weights.length > PROFILE_TERMS ? kthLargest(new Float64Array(weights.length), weights, PROFILE_TERMS) : 0;
    const terms: number[] = [];
    const ws: number[] = [];
    for (const [t, w] of this.sum) {
      if (w <= 0 || w < cut || terms.length >= PROFILE_TERMS) continue;
      terms.push(t);
      ws.push(w);
    }
    const norm = Math.sqrt(ws.reduce((s, w) => s + w * w, 0)) || 1;
    return { terms: Int32Array.from(terms), w: Float32Array.from(ws, (w) => w / norm) };
  }
}

interface Entry {
  /** Cheap fingerprint of the saves the profile was built from. */
  sig: number;
  saved: Centroid;
  dismissed: Centroid;
  profile: Profile;
}

/**
 * Channel profiles, cached by channel key and updated by the difference between the saves seen
 * last time and now (no retraining per request). Rebuilt from scratch when the corpus has grown
 * by half since, so idf weights stay current.
 */
export class ProfileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly vectors = new Map<string, SparseVector>();
  private builtAtSize: number;

  constructor(private readonly corpus: Corpus) {
    this.builtAtSize = corpus.size;
  }

  /** The profile of a channel from its saves and dismissals, newest first (SaveStore.byChannel); undefined when it has none. */
  get(channelKey: string, saves: readonly Save[]): Profile | undefined {
    const sig = fingerprint(saves);
    const cached = this.entries.get(channelKey);
    if (cached?.sig === sig && cached.profile && this.corpus.size <= this.builtAtSize * 1.5) return cached.profile;
    const want = { save: new Set<string>(), dismiss: new Set<string>() };
    for (const s of saves) want[s.kind].add(s.paperId);
    // A paper both saved (by someone) and dismissed counts as dismissed for the channel.
    for (const id of want.dismiss) want.save.delete(id);
    if (!want.save.size && !want.dismiss.size) {
      this.entries.delete(channelKey);
      return undefined;
    }
    if (this.corpus.size > this.builtAtSize * 1.5) {
      this.entries.clear();
      this.vectors.clear();
      this.builtAtSize = this.corpus.size;
    }
    let e = this.entries.get(channelKey);
    if (!e) {
      e = { sig, saved: new Centroid(), dismissed: new Centroid(), profile: undefined as unknown as Profile };
      this.entries.set(channelKey, e);
    }
    e.sig = sig;
    const changed = this.sync(e.saved, want.save) + this.sync(e.dismissed, want.dismiss);
    if (changed || !e.profile) {
      // The channel's latest saved papers (`saves` comes newest first): the ones its reasons should point to.
      const saved = e.saved;
      const examples = savedPapers(saves)
        .filter((s) => saved.ids.has(s.paperId))
        .slice(0, EXAMPLES)
        .map((s) => this.vectors.get(s.paperId)!);
      e.profile = { saved: e.saved.vector(), dismissed: e.dismissed.vector(), savedIds: new Set(e.saved.ids), dismissedIds: new Set(e.dismissed.ids), examples };
    }
    return e.profile;
  }

  /** Forget a channel. */
  delete(channelKey: string): void {
    this.entries.delete(channelKey);
  }

  private sync(c: Centroid, want: Set<string>): number {
    let changed = 0;
    for (const id of [...c.ids]) {
      if (want.has(id)) continue;
      const v = this.vectors.get(id);
      if (v) c.add(id, v, -1);
      else c.ids.delete(id);
      changed++;
    }
    for (const id of want) {
      if (c.ids.has(id)) continue;
      const d = this.corpus.doc(id);
      if (!d) continue; // not stored (yet): it counts once it is
      const v = this.vectors.get(id) ?? tfidf(this.corpus, d);
      this.vectors.set(id, v);
      c.add(id, v, 1);
      changed++;
    }
    return changed;
  }
}

/** An order-independent hash of (paper, kind) pairs: equal sets of saves, equal fingerprints (almost surely). */
function fingerprint(saves: readonly Save[]): number {
  let sum = saves.length;
  let xor = 0;
  for (const s of saves) {
    let h = s.kind === 'save' ? 0x9e3779b9 : 0x85ebca6b;
    for (let i = 0; i < s.paperId.length; i++) h = Math.imul(h ^ s.paperId.charCodeAt(i), 0x01000193);
    sum = (sum + h) | 0;
    xor ^= Math.imul(h, 0x27d4eb2d);
  }
  return (sum ^ xor) >>> 0;
}

/** Build a profile directly (tests, evaluation). */
export function buildProfile(corpus: Corpus, saves: readonly Save[]): Profile | undefined {
  return new ProfileCache(corpus).get('_', saves);
}
