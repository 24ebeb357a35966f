// A fake Hugging Face papers API on 127.0.0.1: daily listings (paged), papers by id, search; scriptable faults.
import { startScriptedServer, type Fault, type RecordedRequest } from './scripted-http.ts';
import { loadAllDays } from './fixtures.ts';

export type { Fault, RecordedRequest } from './scripted-http.ts';

/** Routes a fault can target. */
export type HfRoute = 'daily_papers' | 'paper' | 'search';

/** How the fake Hugging Face behaves. */
export interface FakeHfOptions {
  /** Serve the recorded listings of ../shared/fixtures (default true). */
  fixtures?: boolean;
  /** Extra or replacement days: date → raw entries. */
  days?: Record<string, unknown[]>;
  /** Behave like a server that ignores `p` and always returns the first page. */
  ignorePaging?: boolean;
  /** `limit` when the client sends none (default 50); larger limits are capped at `maxLimit` (default 100). */
  defaultLimit?: number;
  maxLimit?: number;
  /** Search results as daily-style `{paper}` entries (default) or bare papers. */
  searchStyle?: 'daily' | 'bare';
}

/** A running fake Hugging Face: its URL, what it received, and knobs. */
export interface FakeHf {
  url: string;
  requests: RecordedRequest<HfRoute>[];
  requestsTo(route: HfRoute): RecordedRequest<HfRoute>[];
  /** Script a fault (or custom body) for the next `times` requests to a route. */
  fail(route: HfRoute | '*', fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Replace a day's listing (its papers become known to /api/papers/{id} and search too). */
  setDay(date: string, entries: unknown[]): void;
  /** Add or replace what /api/papers/{id} answers for `id`. */
  setPaper(id: string, paper: Record<string, unknown>): void;
  /** Make /api/papers/{id} answer 404 for `id`. */
  deletePaper(id: string): void;
  close(): Promise<void>;
}

const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
const baseId = (id: string) => id.replace(/^arxiv:/i, '').replace(/v\d+$/, '');

/** Start the fake. `await fake.close()` in afterEach/afterAll. */
export async function startFakeHf(options: FakeHfOptions = {}): Promise<FakeHf> {
  const { fixtures = true, ignorePaging = false, defaultLimit = 50, maxLimit = 100, searchStyle = 'daily' } = options;
  const days = new Map<string, unknown[]>();
  const papers = new Map<string, Record<string, unknown>>();

  const setDay = (date: string, entries: unknown[]) => {
    days.set(date, entries);
    for (const entry of entries) {
      const paper = (entry as { paper?: unknown } | null)?.paper as Record<string, unknown> | undefined;
      if (paper && typeof paper === 'object' && typeof paper.id === 'string') papers.set(baseId(paper.id), paper);
    }
  };
  const initial = { ...(fixtures ? loadAllDays() : {}), ...options.days };
  for (const date of Object.keys(initial).sort()) setDay(date, initial[date]!);

  const server = await startScriptedServer<HfRoute>({
    route(path) {
      if (path === '/api/daily_papers') return 'daily_papers';
      if (path === '/api/papers/search') return 'search';
      if (path.startsWith('/api/papers/')) return 'paper';
      return undefined;
    },
    respond(route, url) {
      const q = url.searchParams;
      if (route === 'daily_papers') {
        const all = days.get(q.get('date') ?? '') ?? [];
        const limit = Math.min(maxLimit, Math.max(1, Number(q.get('limit')) || defaultLimit));
        const page = ignorePaging ? 0 : Math.max(0, Math.floor(Number(q.get('p')) || 0));
        return json(200, all.slice(page * limit, (page + 1) * limit));
      }
      if (route === 'paper') {
        const id = decodeURIComponent(url.pathname.slice('/api/papers/'.length));
        const paper = papers.get(baseId(id));
        return paper ? json(200, paper) : json(404, { error: 'Paper not found' });
      }
      const terms = (q.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const hits = [...papers.values()].filter((p) => {
        const text = `${String(p.title)} ${String(p.summary)}`.toLowerCase();
        return terms.length > 0 && terms.every((t) => text.includes(t));
      });
      return json(200, hits.slice(0, 20).map((p) => (searchStyle === 'bare' ? p : { paper: p, title: p.title })));
    },
  });

  return {
    ...server,
    setDay,
    setPaper: (id, paper) => void papers.set(baseId(id), paper),
    deletePaper: (id) => void papers.delete(baseId(id)),
  };
}
