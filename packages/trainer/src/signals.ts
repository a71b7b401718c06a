// Graceful stop on SIGINT/SIGTERM: the first signal only records a request (the training loop finishes the
// current step, writes a checkpoint and returns); a repeated signal is handed to the app (which may exit at once).
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopRequest {
  /** The first signal received, if any. */
  readonly signal: StopSignal | undefined;
  /** Remove the handlers (the default behaviour — exit — comes back). */
  dispose(): void;
}

/**
 * Replace the default exit-on-signal with a stop request.
 * @example const stop = onStopSignals(() => process.exit(130)); await trainLoop(t, { stopRequested: () => stop.signal });
 */
export function onStopSignals(onRepeat?: (signal: StopSignal) => void): StopRequest {
  let first: StopSignal | undefined;
  const handlers = STOP_SIGNALS.map((sig) => {
    const h = () => {
      if (first === undefined) first = sig;
      else onRepeat?.(sig);
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return {
    get signal() {
      return first;
    },
    dispose() {
      for (const [sig, h] of handlers) process.off(sig, h);
    },
  };
}
