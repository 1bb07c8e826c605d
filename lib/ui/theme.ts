/**
 * Light, dark or the system's setting. The choice is kept in localStorage; the page applies it as
 * `<html data-theme="light|dark">`, which app/dark-theme.css and Tailwind's `dark:` variant read.
 */

export const THEMES = ["light", "dark", "system"] as const;
export type ThemeChoice = (typeof THEMES)[number];
export type Theme = Exclude<ThemeChoice, "system">;

export const THEME_KEY = "bge-m3-theme";
export const DARK_QUERY = "(prefers-color-scheme: dark)";

export function isThemeChoice(x: unknown): x is ThemeChoice {
  return typeof x === "string" && (THEMES as readonly string[]).includes(x);
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === "system" ? (systemDark ? "dark" : "light") : choice;
}

/** Runs in <head> before the first paint, so a dark page never flashes light; the same rule as `resolveTheme`. */
export const THEME_SCRIPT = `(()=>{let c;try{c=localStorage.getItem(${JSON.stringify(THEME_KEY)})}catch{}const d=c==="dark"||(c!=="light"&&matchMedia(${JSON.stringify(DARK_QUERY)}).matches);document.documentElement.dataset.theme=d?"dark":"light"})()`;
