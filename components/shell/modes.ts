/** The four score modes, in display order, with their colours (literal class names so Tailwind sees them). */
export const MODES = ["dense", "sparse", "colbert", "hybrid"] as const;
export type Mode = (typeof MODES)[number];

/** The three modes a hybrid weighs, in the order of α, β, γ. */
export const WEIGHT_KEYS = ["dense", "sparse", "colbert"] as const;

export const MODE_STYLE: Record<Mode, { dot: string; bar: string; text: string; accent: string; hex: string }> = {
  dense: { dot: "bg-sky-500", bar: "bg-sky-500", text: "text-sky-700", accent: "accent-sky-500", hex: "#0ea5e9" },
  sparse: {
    dot: "bg-amber-500",
    bar: "bg-amber-500",
    text: "text-amber-700",
    accent: "accent-amber-500",
    hex: "#f59e0b",
  },
  colbert: {
    dot: "bg-violet-500",
    bar: "bg-violet-500",
    text: "text-violet-700",
    accent: "accent-violet-500",
    hex: "#8b5cf6",
  },
  hybrid: {
    dot: "bg-indigo-600",
    bar: "bg-indigo-600",
    text: "text-indigo-700",
    accent: "accent-indigo-600",
    hex: "#4f46e5",
  },
};
