/** Joins class names, skipping falsy ones. (No tailwind-merge here: callers add classes, they do not override.) */
export function cn(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}
