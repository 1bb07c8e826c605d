/**
 * onnxruntime-node aborts the whole process ("terminate called after throwing an instance of 'Napi::Error'") when a
 * thread's JavaScript environment is torn down while one of its native calls (session create, run, release) is in
 * progress: the result cannot be handed back. Exiting the process tears the inference thread down. So the thread
 * counts its native calls in memory it shares with the main thread, and the main thread, when the process exits,
 * forbids new ones and waits for the running one.
 * Plain JavaScript: the inference thread imports it unbundled.
 */

const RUNNING = 0;
const EXITING = 1;

/** The shared counters for one inference thread: native calls running, and whether the process is exiting. */
export const nativeCallFlags = () => new Int32Array(new SharedArrayBuffer(8));

/** In the inference thread: `fn()` (a native onnxruntime call), refused once the process is exiting. */
export async function nativeCall(flags, fn) {
  Atomics.add(flags, RUNNING, 1);
  try {
    if (Atomics.load(flags, EXITING) === 1) throw new Error("the process is exiting");
    return await fn();
  } finally {
    Atomics.sub(flags, RUNNING, 1);
    Atomics.notify(flags, RUNNING);
  }
}

/** On the main thread as the process exits: no new native calls; waits up to `ms` for the running ones to end. */
export function drainNativeCalls(flags, ms) {
  Atomics.store(flags, EXITING, 1);
  const deadline = Date.now() + ms;
  for (let running = Atomics.load(flags, RUNNING); running > 0; running = Atomics.load(flags, RUNNING)) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(flags, RUNNING, running, left);
  }
  return true;
}
