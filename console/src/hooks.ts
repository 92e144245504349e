import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { useEvents } from './context';
import { NubisEvent } from './events';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** When the data shown was read. */
  asOf: Date | null;
  reload: () => void;
  /** Replaces the data held (for live updates from events). */
  update: (f: (old: T | undefined) => T | undefined) => void;
}

/**
 * Loads data with an API call, again when deps change or reload() is called, and every
 * `refreshMs` when given. A reload keeps the old data shown until the new one arrives; an answer
 * that arrives after a newer request started is dropped.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList, refreshMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [asOf, setAsOf] = useState<Date | null>(null);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setLoading(true);
    load().then(
      (d) => {
        if (mine !== generation.current) return;
        setData(d);
        setError(null);
        setAsOf(new Date());
        setLoading(false);
      },
      (e) => {
        if (mine !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  useEffect(() => {
    if (!refreshMs) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((x) => x + 1);
    }, refreshMs);
    return () => clearInterval(t);
  }, [refreshMs]);

  const reload = useCallback(() => setTick((x) => x + 1), []);
  const update = useCallback((f: (old: T | undefined) => T | undefined) => setData((d) => f(d)), []);
  return { data, error, loading, asOf, reload, update };
}

/** Calls `listener` with every event of the stream while the component is mounted. */
export function useEventListener(listener: (e: NubisEvent) => void): void {
  const { subscribe } = useEvents();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((e) => latest.current(e)), [subscribe]);
}

/** Calls `action` (at most every `debounceMs`) after events that `matches` accepts. */
export function useOnEvents(matches: (e: NubisEvent) => boolean, action: () => void, debounceMs = 500): void {
  const { subscribe } = useEvents();
  const latest = useRef({ matches, action });
  latest.current = { matches, action };
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribe((e) => {
      if (!latest.current.matches(e)) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current.action();
      }, debounceMs);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [subscribe, debounceMs]);
}

/** An operation's target ("experiments/NAME", "clusters/NAME") split in two. */
export function targetOf(target: string | null | undefined): { kind: string; name: string } | null {
  if (!target) return null;
  const i = target.indexOf('/');
  return i < 0 ? null : { kind: target.slice(0, i), name: target.slice(i + 1) };
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
