// A fake arXiv query API on 127.0.0.1 answering Atom feeds for a set of papers; scriptable faults.
import { startScriptedServer, type Fault, type RecordedRequest } from './scripted-http.ts';
import { loadAllDays } from './fixtures.ts';

export type { Fault, RecordedRequest } from './scripted-http.ts';

/** The one route a fault can target. */
export type ArxivRoute = 'query';

/** A paper as the fake serves it. */
export interface ArxivPaper {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  published?: string;
  version?: number;
}

/** What the fake arXiv serves. */
export interface FakeArxivOptions {
  /** Serve every paper of the recorded Hugging Face listings (default false). */
  fixtures?: boolean;
  papers?: ArxivPaper[];
}

/** A running fake arXiv: its URL, what it received, and knobs. */
export interface FakeArxiv {
  url: string;
  requests: RecordedRequest<ArxivRoute>[];
  requestsTo(route: ArxivRoute): RecordedRequest<ArxivRoute>[];
  fail(route: ArxivRoute | '*', fault: Fault, times?: number): void;
  clearFaults(): void;
  setPaper(paper: ArxivPaper): void;
  close(): Promise<void>;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Hard-wrap like arXiv does (titles and abstracts arrive with line breaks and indentation). */
const wrap = (s: string) => s.replace(/(.{1,70})(\s+|$)/g, '$1\n  ').trimEnd();

const ERROR_ENTRY = (id: string) => `
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_${esc(id)}</id>
    <title>Error</title>
    <summary>incorrect id format for ${esc(id)}</summary>
    <updated>2024-01-01T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_${esc(id)}" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>`;

function entryXml(p: ArxivPaper): string {
  const vid = `${p.id}v${p.version ?? 1}`;
  const published = p.published ?? '2024-06-17T17:59:58Z';
  return `
  <entry>
    <id>http://arxiv.org/abs/${esc(vid)}</id>
    <updated>${published}</updated>
    <published>${published}</published>
    <title>${esc(wrap(p.title))}</title>
    <summary>  ${esc(wrap(p.summary))}
</summary>
${p.authors.map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>`).join('\n')}
    <link href="http://arxiv.org/abs/${esc(vid)}" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/${esc(vid)}" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;
}

/** An arXiv API Atom feed with these entries (`{error: id}` makes an error entry as arXiv sends for bad ids). */
export function atomFeed(entries: (ArxivPaper | { error: string })[], query = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?${esc(query)}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: ${esc(query)}</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2024-06-18T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">${entries.length}</opensearch:itemsPerPage>${entries
    .map((e) => ('error' in e ? ERROR_ENTRY(e.error) : entryXml(e)))
    .join('')}
</feed>
`;
}

const ID = /^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Za-z-]+)?\/\d{7})(v\d+)?$/;

/** Start the fake. `await fake.close()` when done. */
export async function startFakeArxiv(options: FakeArxivOptions = {}): Promise<FakeArxiv> {
  const papers = new Map<string, ArxivPaper>();
  const setPaper = (p: ArxivPaper) => void papers.set(p.id, p);
  if (options.fixtures) {
    for (const entries of Object.values(loadAllDays())) {
      for (const { paper } of entries) {
        const authors = (paper.authors as { name: string }[]).map((a) => a.name);
        setPaper({ id: paper.id, title: paper.title, summary: String(paper.summary), authors, published: String(paper.publishedAt) });
      }
    }
  }
  for (const p of options.papers ?? []) setPaper(p);

  const server = await startScriptedServer<ArxivRoute>({
    route: (path) => (path === '/api/query' ? 'query' : undefined),
    respond(_route, url) {
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      const entries = ids.flatMap((id): (ArxivPaper | { error: string })[] => {
        if (!ID.test(id)) return [{ error: id }];
        const p = papers.get(id.replace(/v\d+$/, ''));
        return p ? [p] : [];
      });
      return { status: 200, body: atomFeed(entries, url.search.slice(1)), contentType: 'application/atom+xml; charset=utf-8' };
    },
  });
  return { ...server, setPaper };
}
