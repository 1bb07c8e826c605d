import type { ComponentProps } from "react";
import { cn } from "@/lib/ui/cn";

/** A white panel. Tiny shadcn-style parts: each takes the native element's props and merges `className`. */
export function Card({ className, ...props }: ComponentProps<"section">) {
  return (
    <section
      data-slot="card"
      className={cn(
        "min-w-0 rounded-2xl bg-white shadow-[0_1px_2px_rgb(15_23_42/0.04),0_8px_24px_-12px_rgb(15_23_42/0.12)] ring-1 ring-slate-200/80",
        className,
      )}
      {...props}
    />
  );
}

export function CardHeader({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="card-header" className={cn("flex flex-col gap-1 px-5 pt-5 sm:px-6", className)} {...props} />;
}

export function CardTitle({ className, ...props }: ComponentProps<"h2">) {
  return (
    <h2
      data-slot="card-title"
      className={cn("flex flex-wrap items-baseline gap-x-2 text-base font-semibold text-slate-900", className)}
      {...props}
    />
  );
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return (
    <p data-slot="card-description" className={cn("text-sm leading-relaxed text-slate-500", className)} {...props} />
  );
}

export function CardContent({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="card-content" className={cn("px-5 py-5 sm:px-6", className)} {...props} />;
}

/** A quieter second part of a card's title: "Which tokens matched · ColBERT MaxSim". */
export function CardSubtitle({ className, ...props }: ComponentProps<"span">) {
  return <span data-slot="card-subtitle" className={cn("text-sm font-normal text-slate-500", className)} {...props} />;
}
