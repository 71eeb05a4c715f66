import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (again every `pollMs` when given); `null` skips the request. */
export function useApi<T>(path: string | null, pollMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const load = () =>
      api
        .get<T>(path)
        .then((data) => live && setState({ data, loading: false }))
        .catch((error: ApiError) => live && setState((s) => ({ data: s.data, error, loading: false })));
    load();
    const timer = pollMs ? window.setInterval(load, pollMs) : undefined;
    return () => {
      live = false;
      if (timer) window.clearInterval(timer);
    };
  }, [path, pollMs, tick]);
  return { ...state, reload };
}

/** `value` once it has not changed for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** Whether the component is still mounted, for callbacks of requests. */
export function useMounted() {
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  return mounted;
}
