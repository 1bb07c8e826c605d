/** Types for native-calls.mjs (plain JavaScript, so the inference thread can import it unbundled). */
export function nativeCallFlags(): Int32Array;
export function nativeCall<T>(flags: Int32Array, fn: () => T | Promise<T>): Promise<T>;
export function drainNativeCalls(flags: Int32Array, ms: number): boolean;
