import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, so time-gated UI (e.g. attendance from the start) opens by itself. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
