// MiniSearch's radix tree (a SearchableMap of words) written node by node and read back as the same tree.
import SearchableMap from 'minisearch/SearchableMap';
import type { BinaryReader, BinaryWriter } from './binary-codec.ts';

type Tree = Map<string, unknown>;

/**
 * Write a SearchableMap<true> as its tree: per node the number of edges, then each edge's label
 * (the empty label marks a stored word). Reading rebuilds the same nodes in the same order, so
 * look-ups and the order of their results are those of the original map.
 */
export function writeWordTree(w: BinaryWriter, map: SearchableMap<true>): void {
  const labels: string[] = [];
  const shape: number[] = [];
  const walk = (node: Tree): void => {
    shape.push(node.size);
    for (const [label, child] of node) {
      labels.push(label);
      if (label !== '') walk(child as Tree);
    }
  };
  walk(map._tree as Tree);
  w.strings(labels);
  w.array(Int32Array.from(shape));
}

/** Read what `writeWordTree` wrote. */
export function readWordTree(r: BinaryReader): SearchableMap<true> {
  const labels = r.strings();
  const shape = r.array(Int32Array);
  let l = 0;
  let s = 0;
  const read = (depth: number): Tree => {
    if (s >= shape.length || depth > 10_000) throw new Error('word tree snapshot is malformed');
    const node: Tree = new Map();
    for (let n = shape[s++]!; n > 0; n--) {
      const label = labels[l++];
      if (label === undefined) throw new Error('word tree snapshot is malformed');
      node.set(label, label === '' ? true : read(depth + 1));
    }
    return node;
  };
  const tree = read(0);
  if (l !== labels.length || s !== shape.length) throw new Error('word tree snapshot is malformed');
  return new SearchableMap<true>(tree as SearchableMap<true>['_tree']);
}
