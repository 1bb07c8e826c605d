/** Types for exposure.mjs (plain JavaScript: scripts/start.mjs runs it before anything is installed). */
export declare const isLoopback: (host: string) => boolean;
export declare function exposureWarning(
  host: string,
  port: number,
  env: Readonly<Record<string, string | undefined>>,
): string | null;
