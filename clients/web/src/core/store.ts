/** A tiny observable store and the Preact hook that re-renders a component when its slice changes. */
import { useEffect, useReducer, useRef } from "preact/hooks";

export interface Store<T> {
  get(): T;
  set(patch: Partial<T> | ((s: T) => Partial<T>)): void;
  subscribe(fn: () => void): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const subs = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const p = typeof patch === "function" ? patch(state) : patch;
      state = { ...state, ...p };
      for (const fn of subs) fn();
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
  };
}

/** Reads `select(state)` and re-renders only when that value changes (Object.is). */
export function useStore<T, S>(store: Store<T>, select: (s: T) => S): S {
  const [, force] = useReducer((n: number) => n + 1, 0);
  const value = select(store.get());
  const last = useRef(value);
  last.current = value;
  const sel = useRef(select);
  sel.current = select;
  useEffect(() => {
    const check = () => {
      if (!Object.is(sel.current(store.get()), last.current)) force(0);
    };
    const unsubscribe = store.subscribe(check);
    // The effect runs after the render: a change made in between (a fast server answer) would
    // otherwise never re-render this component.
    check();
    return unsubscribe;
  }, [store]);
  return value;
}
