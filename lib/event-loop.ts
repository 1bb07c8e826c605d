/** Gives the event loop a turn (timers, I/O, other requests) between slices of synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
