'use client';

// The explanation for the current step: its MDX file from content/, loaded on demand, above a line
// on what this particular step did (who, what went wrong, what an attacker changed). Related
// concepts open in place, so a reader can go deeper without losing the step.

import { useEffect, useId, useState, type ComponentType } from 'react';
import { EXPLANATION_TITLES, explanationKeyFor, loaderFor, relatedKeys } from '@/lib/content/explanations';
import type { Step } from '@/lib/session/session';
import './explain.css';

type Loaded = { key: string; Component: ComponentType<Record<string, unknown>> | null; failed?: string };

// Loaded modules stay loaded: stepping back and forth must not flash "loading".
const cache = new Map<string, ComponentType<Record<string, unknown>>>();
const pending = new Map<string, Promise<ComponentType<Record<string, unknown>>>>();

/** Loads an explanation into the cache (once, however often it is asked for). */
function load(key: string): Promise<ComponentType<Record<string, unknown>>> | undefined {
  const hit = pending.get(key);
  if (hit) return hit;
  const loader = loaderFor(key);
  if (!loader) return undefined;
  const p = loader().then((m) => {
    cache.set(key, m.default);
    return m.default;
  });
  // A failed load may be retried later (a flaky network), so it does not stay pending.
  p.catch(() => pending.delete(key));
  pending.set(key, p);
  return p;
}

/** Loads ahead the explanation of a step the reader is likely to go to next. */
export function preloadExplanation(key: string): void {
  if (!cache.has(key)) load(key)?.catch(() => undefined);
}

/**
 * The explanation for `key`, and while it loads the last one shown (marked `stale`), so that
 * stepping fast never flashes "Loading the explanation…" between two texts.
 */
function useExplanation(key: string): (Loaded & { stale?: boolean }) | undefined {
  const [loaded, setLoaded] = useState<Loaded | undefined>(() => {
    const c = cache.get(key);
    return c ? { key, Component: c } : undefined;
  });
  useEffect(() => {
    const hit = cache.get(key);
    if (hit) {
      setLoaded({ key, Component: hit });
      return;
    }
    const p = load(key);
    if (!p) {
      setLoaded({ key, Component: null });
      return;
    }
    let live = true;
    p.then(
      (Component) => {
        if (live) setLoaded({ key, Component });
      },
      (e: unknown) => {
        if (live) setLoaded({ key, Component: null, failed: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  if (!loaded) return undefined;
  return loaded.key === key ? loaded : { ...loaded, stale: true };
}

/**
 * `compact`: show the step's facts and the start of the explanation, with a "More" button for the
 * rest (the desktop viewer, where the packet inspector and hex dump must fit below it). The choice
 * holds while stepping. Keyboard focus inside the clipped part opens it, so nothing hidden is focused.
 */
export function Explanation({ step, compact = false }: { step: Step; compact?: boolean }) {
  const key = explanationKeyFor(step);
  const loaded = useExplanation(key);
  const related = relatedKeys(key);
  const [more, setMore] = useState(false);
  const regionId = useId();
  const collapsed = compact && !more;
  return (
    <section className="ex" data-testid="explanation" data-explain={key} aria-label="Explanation">
      <StepFacts step={step} />
      <div id={regionId} className={`ex-region${collapsed ? ' ex-collapsed' : ''}`}>
        <div className={`ex-body mdx${loaded?.stale ? ' ex-stale' : ''}`} aria-busy={loaded?.stale ? true : undefined}>
          {!loaded || (loaded.stale && !loaded.Component) ? (
            <p className="ex-loading">Loading the explanation…</p>
          ) : loaded.Component ? (
            <loaded.Component />
          ) : (
            <Fallback step={step} explainKey={key} failed={loaded.failed} />
          )}
        </div>
        {related.length > 0 && (
          <div className="ex-related">
            <p className="ex-related-title">Go deeper</p>
            {related.map((k) => (
              <Related key={`${step.index}-${k}`} contentKey={k} />
            ))}
          </div>
        )}
      </div>
      {compact && (
        <button type="button" className="ex-more-btn" aria-expanded={more} aria-controls={regionId} onClick={() => setMore(!more)}>
          {more ? 'Less' : 'More'} <span aria-hidden="true">{more ? '▴' : '▾'}</span>
        </button>
      )}
    </section>
  );
}

/** One sentence on what this step did, from the step's own data (text only, never markup). */
function StepFacts({ step }: { step: Step }) {
  let what: string;
  if (step.kind === 'message') what = `${step.title} (${step.who}, ${step.size} bytes${step.encrypted ? ', encrypted' : ''})`;
  else if (step.kind === 'computation') what = `${step.by} computes: ${step.action}${step.ok ? '' : ' — check failed'}`;
  else what = `${step.by} closes the connection: ${step.reasonName} (${step.reason})`;
  return (
    <div className="ex-facts">
      <p className="ex-step">
        <span className="ex-label">This step</span> {what}
      </p>
      {step.kind === 'message' && step.tampered && (
        <p className="ex-alert ex-attack">
          <strong>⚠ Attacker:</strong> this packet was {step.tampered} in transit.
        </p>
      )}
      {step.error && (
        <p className="ex-alert ex-error">
          <strong>✖ What went wrong:</strong> {step.error}
        </p>
      )}
      {step.kind === 'closed' && !step.error && step.description && <p className="ex-note">“{step.description}”</p>}
    </div>
  );
}

function Fallback({ step, explainKey, failed }: { step: Step; explainKey: string; failed?: string }) {
  return (
    <div className="ex-fallback">
      <p>
        There is no written explanation for <code>{explainKey}</code> yet. The packet inspector and the state inspector show
        everything this step did: {step.title}.
      </p>
      {failed && <p className="ex-note">(The explanation could not be loaded: {failed})</p>}
    </div>
  );
}

/** A concept's title as a button that opens its explanation in place (also under the attack lab's report). */
export function Related({ contentKey }: { contentKey: string }) {
  const [open, setOpen] = useState(false);
  const name = EXPLANATION_TITLES[contentKey] ?? contentKey.replace(/^(messages|concepts)\//, '').replace(/-/g, ' ');
  return (
    <div className="ex-rel">
      <button type="button" className="ex-rel-btn" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {name}
      </button>
      {open && <RelatedBody contentKey={contentKey} />}
    </div>
  );
}

function RelatedBody({ contentKey }: { contentKey: string }) {
  const loaded = useExplanation(contentKey);
  return (
    <div className="ex-rel-body mdx">
      {!loaded ? <p className="ex-loading">Loading…</p> : loaded.Component ? <loaded.Component /> : <p>Not written yet.</p>}
    </div>
  );
}
