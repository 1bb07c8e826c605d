/**
 * The rules every `BGE_M3_*` variable is read by: one for integers, one for on/off switches, one for a choice of
 * words. Unset or empty means the default; anything else that does not parse is an error naming the variable.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** An integer in [min, max], or `fallback` when unset or empty. */
export function readIntEnv(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

const ON = ["1", "true", "on", "yes"];
const OFF = ["0", "false", "off", "no"];

/** A switch: 1/true/on/yes or 0/false/off/no, or `fallback` when unset or empty. */
export function readBoolEnv(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase() ?? "";
  if (raw === "") return fallback;
  if (ON.includes(raw)) return true;
  if (OFF.includes(raw)) return false;
  throw new RangeError(`${name} must be 1 or 0 (true/false, on/off, yes/no), got "${env[name]}"`);
}

/** One of `choices` (case-insensitive), or `fallback` when unset or empty. */
export function readChoiceEnv<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase() ?? "";
  if (raw === "") return fallback;
  const found = choices.find((c) => c === raw);
  if (!found) throw new RangeError(`${name} must be ${choices.join(", ")}; got "${env[name]}"`);
  return found;
}

/** A trimmed string, or `fallback` when unset or empty. */
export function readTextEnv(env: Env, name: string, fallback: string): string {
  return env[name]?.trim() || fallback;
}
