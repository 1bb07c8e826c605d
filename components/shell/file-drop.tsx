"use client";

import { type DragEvent, type ReactNode, useState } from "react";
import { cn } from "@/lib/ui/cn";
import { DATA_FILE_ACCEPT } from "@/lib/ui/data-files";
import { useI18n } from "./i18n-provider";
import { textFileTexts } from "./text-file";

type Note = { kind: "ok" | "error"; text: string } | null;

/** A file's text, or null when the browser cannot read it. */
export async function fileText(file: File): Promise<string | null> {
  try {
    return await file.text();
  } catch {
    return null;
  }
}

/**
 * Drag-and-drop of files onto an element: spread `handlers` on it; `over` is true while a file is held over it. Only
 * files are taken, so dragging selected text into a text box still works as usual.
 */
export function useFileDrop(onFile: (file: File) => void) {
  const [over, setOver] = useState(false);
  const handlers = {
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (e: DragEvent) => {
      const file = e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      setOver(false);
      onFile(file);
    },
  };
  return { over, handlers };
}

/** A `FilePicker` drawn as a small secondary button (beside a text box, on the pages that open one file). */
export const FILE_BUTTON_CLASS =
  "inline-flex h-8 cursor-pointer items-center rounded-lg bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500";

/** A label that opens the file chooser (the keyboard's way to a file); `testId` is the file input's. */
export function FilePicker({
  accept,
  testId,
  onFile,
  className,
  children,
}: {
  accept: string;
  testId: string;
  onFile: (file: File) => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label className={className}>
      <input
        type="file"
        accept={accept}
        data-testid={testId}
        className="sr-only"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = "";
        }}
      />
      {children}
    </label>
  );
}

/**
 * A drop zone around a text box: a dropped .txt, .csv, .tsv, .json or .jsonl file's texts (lib/ui/data-files.ts)
 * replace the box's lines (see `text-file.ts`), and a line under it says what was loaded or why nothing was.
 */
export function FileDrop({
  onTexts,
  testId,
  children,
}: {
  onTexts: (texts: string[]) => void;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [note, setNote] = useState<Note>(null);

  const load = async (file: File) => {
    const content = await fileText(file);
    if (content === null) return setNote({ kind: "error", text: t("drop.unreadable", { file: file.name }) });
    const parsed = textFileTexts(content, file.name);
    if (!parsed.ok) {
      const text =
        "quote" in parsed
          ? t(`drop.${parsed.problem}.${parsed.quote}`, { file: file.name, line: parsed.line })
          : t(`drop.${parsed.problem}`, { file: file.name });
      return setNote({ kind: "error", text });
    }
    if (parsed.texts.length === 0) return setNote({ kind: "error", text: t("drop.empty", { file: file.name }) });
    onTexts(parsed.texts);
    setNote({ kind: "ok", text: t("drop.loaded", { n: parsed.texts.length, file: file.name }) });
  };
  const { over, handlers } = useFileDrop((file) => void load(file));

  return (
    <div data-testid={testId} data-over={over} {...handlers} className="flex flex-col gap-1">
      <div className={cn("relative rounded-xl", over && "ring-2 ring-indigo-500 ring-offset-2")}>
        {children}
        {over && (
          <div className="pointer-events-none absolute inset-0 flex items-center justify-center rounded-xl bg-indigo-50/90 text-sm font-medium text-indigo-800">
            {t("drop.active")}
          </div>
        )}
      </div>
      <p className="flex flex-wrap items-baseline gap-x-1 text-xs text-slate-600">
        {t("drop.hint")}
        <FilePicker
          accept={DATA_FILE_ACCEPT}
          testId={`${testId}-file`}
          onFile={(file) => void load(file)}
          className="cursor-pointer font-medium text-indigo-700 underline underline-offset-2 focus-within:ring-2 focus-within:ring-indigo-500"
        >
          {t("drop.open")}
        </FilePicker>
      </p>
      <p
        role="status"
        data-testid={`${testId}-note`}
        className={cn("text-xs", note?.kind === "error" ? "text-rose-700" : "text-emerald-800")}
      >
        {note?.text ?? ""}
      </p>
    </div>
  );
}
