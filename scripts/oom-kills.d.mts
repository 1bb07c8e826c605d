/** Types for oom-kills.mjs (plain JavaScript: scripts/start.mjs runs it before anything is installed). */
export function oomKillCount(read?: (file: string) => string): number | null;
export function oomKillRecord(pid: number | undefined): string | null | undefined;
