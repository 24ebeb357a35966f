// A fixed single-thread workload timed before the benches: tells a slow machine from slow code.
//
// The VMs these benches run on vary from day to day: the same commit's start-up from the snapshot
// measured 3.1 s one day and 1.9 s the next. This workload uses none of paperboy's code, so its time
// moves with the machine alone: compare two runs' figures in proportion to it. It does what a rebuild
// does most: hashing text, a large Map of strings, JSON, and writing fresh memory.

/** One pass of the workload; returns a value the caller keeps, so that nothing is optimised away. */
function workload(): number {
  let h = 0x811c9dc5;
  const text = 'attention is all you need; scaling laws for neural language models. '.repeat(200_000);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const words = new Map<string, number>();
  for (let i = 0; i < 300_000; i++) words.set(`w${(i * 7919) % 1_000_003}`, i);
  const json = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ id: `2406.${i}`, title: `paper ${i}`, upvotes: i % 97 })));
  const fresh = new Int32Array(16 << 20); // 64 MB never touched before
  for (let i = 0; i < fresh.length; i += 1024) fresh[i] = i;
  return (h ^ words.size ^ (JSON.parse(json) as unknown[]).length ^ fresh[1024]!) >>> 0;
}

/** Median milliseconds of `runs` passes (the first, which compiles the code, not counted). */
export function machineCheck(runs = 5): number {
  workload();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    workload();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}
