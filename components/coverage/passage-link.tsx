"use client";

import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

/** The id of passage i's badge in the coverage map. */
export const passageAnchor = (i: number) => `coverage-passage-${i}`;

/** A link to passage i in the map: it scrolls the badge into view, focuses it (which shows its scores) and marks it. */
export function PassageLink({
  index,
  onActive,
  className,
  children,
  ...props
}: {
  index: number;
  onActive: (i: number) => void;
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
  "aria-label"?: string;
}) {
  return (
    <a
      href={`#${passageAnchor(index)}`}
      data-passage={index}
      onClick={(e) => {
        const badge = document.getElementById(passageAnchor(index));
        if (!badge) return;
        e.preventDefault();
        badge.scrollIntoView({ block: "center" });
        badge.focus({ preventScroll: true });
        onActive(index);
      }}
      className={cn(
        "rounded font-medium text-indigo-700 underline decoration-indigo-300 underline-offset-2 outline-none hover:text-indigo-900 focus-visible:ring-2 focus-visible:ring-indigo-500",
        className,
      )}
      {...props}
    >
      {children}
    </a>
  );
}
