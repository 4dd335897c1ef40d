// Runs an async computation whenever its inputs change; only the newest result is kept, so a slow
// answer to old input can never overwrite a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Latest<T> {
  value: T | undefined;
  error: string | undefined;
  pending: boolean;
  retry: () => void;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function useLatest<T>(compute: () => Promise<T>, deps: unknown[]): Latest<T> {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setPending(true);
    compute().then(
      (result) => {
        if (mine !== generation.current) return;
        setValue(result);
        setError(undefined);
        setPending(false);
      },
      (err: unknown) => {
        if (mine !== generation.current) return;
        setError(errorMessage(err));
        setPending(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { value, error, pending, retry };
}
