// The AG News test split, browsable: class sizes, filter by class, search titles and descriptions,
// paginate. The JSON (about 1.9 MB) is fetched only when the widget is about to be seen.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { WidgetFrame } from '../frame/WidgetFrame';
import { useWidgetParams } from '../frame/useWidgetParams';
import { fetchModelJson, useNearViewport } from '../part1-hooks';
import { errorMessage } from '../frame/useLatest';
import { int } from '../../charts/format';
import { Bars } from '../../charts/Bars';
import '../widgets-part1.css';

export interface AgNewsSplit {
  name?: string;
  split?: string;
  source?: string;
  license?: string;
  labels: string[];
  columns: string[];
  /** [labelIndex, title, description], in test.csv order */
  rows: [number, string, string][];
}

const PAGE = 5;
const specs = {
  cls: { type: 'enum', default: 'all', values: ['all', '0', '1', '2', '3'] },
  q: { type: 'text', default: '', maxLength: 80 },
} as const;

function highlight(text: string, q: string): ReactNode {
  if (!q) return text;
  const lower = text.toLowerCase();
  const out: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(q); i >= 0 && out.length < 40; i = lower.indexOf(q, at)) {
    out.push(text.slice(at, i), <mark key={i}>{text.slice(i, i + q.length)}</mark>);
    at = i + q.length;
  }
  out.push(text.slice(at));
  return out;
}

export function DatasetBrowser({ caption }: { caption?: ReactNode }) {
  const params = useWidgetParams('dataset-browser', specs);
  const { cls, q } = params.values;
  const [ref, near] = useNearViewport<HTMLDivElement>('600px');
  const [data, setData] = useState<AgNewsSplit>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [page, setPage] = useState(0);

  useEffect(() => {
    if (!near) return;
    let live = true;
    fetchModelJson<AgNewsSplit>('datasets/ag_news-test.json').then(
      (d) => live && (d ? setData(d) : setError('The AG News test split (models/datasets/ag_news-test.json) is not there.')),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [near, attempt]);

  const query = q.trim().toLowerCase();
  const filtered = useMemo(() => {
    if (!data) return [];
    const want = cls === 'all' ? -1 : Number(cls);
    const out: number[] = [];
    data.rows.forEach((r, i) => {
      if (want >= 0 && r[0] !== want) return;
      if (query && !r[1].toLowerCase().includes(query) && !r[2].toLowerCase().includes(query)) return;
      out.push(i);
    });
    return out;
  }, [data, cls, query]);

  useEffect(() => setPage(0), [cls, query]);

  const counts = useMemo(() => (data ? data.labels.map((_, k) => data.rows.filter((r) => r[0] === k).length) : []), [data]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const current = Math.min(page, pages - 1);
  const shown = filtered.slice(current * PAGE, current * PAGE + PAGE);
  const state = error ? 'error' : data ? 'ready' : 'loading';

  return (
    <WidgetFrame name="dataset-browser" title="AG News, test split" state={state} error={error} onRetry={() => {
        setError(undefined);
        setAttempt((n) => n + 1);
      }} progressLabel="Loading the AG News test split…" caption={caption} params={params}>
      <div ref={ref} className={data ? 'p1-area' : 'p1-area reserve-ds'}>
        {data && (
          <>
            <div className="p1-stats">
              <div className="p1-stat">
                <b data-testid="ds-total">{int(data.rows.length)}</b>
                <span>test articles</span>
              </div>
              <div className="p1-stat">
                <b>{data.labels.length}</b>
                <span>classes</span>
              </div>
              <div className="p1-stat">
                <b>{int(Math.round(data.rows.reduce((s, r) => s + r[1].length + r[2].length + 1, 0) / data.rows.length))}</b>
                <span>characters per article (mean)</span>
              </div>
            </div>
            <Bars label="Test articles per class" data={data.labels.map((l, k) => ({ label: l, value: counts[k] }))} max={Math.max(...counts)} format={(v) => int(v)} />
            <fieldset className="p1-row" aria-label="Filter by class">
              <div className="p1-chips">
                {['all', ...data.labels.map((_, k) => String(k))].map((v) => (
                  <button key={v} type="button" aria-pressed={cls === v} onClick={() => params.set('cls', v)}>
                    {v === 'all' ? 'All classes' : data.labels[Number(v)]}
                  </button>
                ))}
              </div>
            </fieldset>
            <div className="p1-row">
              <label>
                <span>Search</span>
                <input type="search" value={q} maxLength={80} placeholder="e.g. oil, Red Sox, Linux" onChange={(e) => params.set('q', e.target.value)} />
              </label>
              <span className="p1-muted" aria-live="polite" data-testid="ds-count">
                {int(filtered.length)} matching
              </span>
            </div>
            <ol className="ds-list" start={current * PAGE + 1}>
              {shown.map((i) => {
                const [label, title, description] = data.rows[i];
                return (
                  <li key={i} className="ds-item" data-label={data.labels[label]}>
                    <h4>
                      <span className={`ds-label c${label}`}>{data.labels[label]}</span>
                      {highlight(title, query)}
                    </h4>
                    <p>{highlight(description, query)}</p>
                    <p className="p1-muted">row {i + 1} of test.csv</p>
                  </li>
                );
              })}
              {shown.length === 0 && <li className="p1-muted">No article matches.</li>}
            </ol>
            <div className="ds-pager">
              <button type="button" className="secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>
                ← Previous
              </button>
              <span className="p1-muted" data-testid="ds-page">
                page {current + 1} of {int(pages)}
              </span>
              <button type="button" className="secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
                Next →
              </button>
            </div>
            <p className="p1-note">
              The text is shown exactly as the original files have it, including its scraping scars (<code>#39;</code> for an apostrophe, <code>\$</code>, stray HTML). <strong>Terms of use:</strong>{' '}
              {data.license ?? 'research and non-commercial use only, per the original readme; the Hugging Face card lists the license as unknown.'}
            </p>
          </>
        )}
      </div>
    </WidgetFrame>
  );
}
