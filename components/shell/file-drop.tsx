"use client";

import { type DragEvent, type ReactNode, useState } from "react";
import { cn } from "@/lib/ui/cn";
import { DATA_FILE_ACCEPT } from "@/lib/ui/data-files";
import type { Words } from "@/lib/ui/error-words";
import { dropHint, failureWords } from "./drop-words";
import { useI18n } from "./i18n-provider";
import { type LineProblem, ProblemList } from "./problem-list";
import { textFileTexts } from "./text-file";

type Note = { kind: "ok" | "error"; text: string; problems?: LineProblem[] } | null;

/** A file's text, or why not: the words every page that opens files says when the browser cannot read one. */
export async function readFileText(file: File): Promise<{ ok: true; text: string } | { ok: false; problem: Words }> {
  try {
    return { ok: true, text: await file.text() };
  } catch {
    return { ok: false, problem: { key: "drop.unreadable", vars: { file: file.name } } };
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

/**
 * A file, chosen or dropped, opened as one text for `onText`. `problem` says why the last one gave no text (`refuse`
 * may turn a file down before it is read) until a file reads or `clear` is called, as when the text is typed over.
 */
export function useTextFileOpener(onText: (text: string, file: File) => void, refuse?: (file: File) => string | null) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const open = async (file: File) => {
    const refused = refuse?.(file) ?? null;
    if (refused) return setProblem(refused);
    const read = await readFileText(file);
    setProblem(read.ok ? null : t(read.problem.key, read.problem.vars));
    if (read.ok) onText(read.text, file);
  };
  const drop = useFileDrop((file) => void open(file));
  return { problem, open, drop, clear: () => setProblem(null) };
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
 * A drop zone around a text box: a dropped data file's texts (each type of lib/ui/data-files.ts) replace the box's
 * lines (see `text-file.ts`), and a note under it says what was loaded or why nothing was.
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
  const { lang, t } = useI18n();
  const [note, setNote] = useState<Note>(null);

  const load = async (file: File) => {
    const read = await readFileText(file);
    if (!read.ok) return setNote({ kind: "error", text: t(read.problem.key, read.problem.vars) });
    const parsed = textFileTexts(read.text, file.name);
    if (!parsed.ok) return setNote({ kind: "error", ...failureWords(lang, parsed, file.name) });
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
        {dropHint(lang)}
        <FilePicker
          accept={DATA_FILE_ACCEPT}
          testId={`${testId}-file`}
          onFile={(file) => void load(file)}
          className="cursor-pointer font-medium text-indigo-700 underline underline-offset-2 focus-within:ring-2 focus-within:ring-indigo-500"
        >
          {t("drop.open")}
        </FilePicker>
      </p>
      <div
        role="status"
        data-testid={`${testId}-note`}
        className={cn("text-xs", note?.kind === "error" ? "text-rose-700" : "text-emerald-800")}
      >
        <p>{note?.text ?? ""}</p>
        {note?.problems?.length ? (
          <ProblemList problems={note.problems} more={(n) => t("drop.more", { n })} testId={`${testId}-problems`} />
        ) : null}
      </div>
    </div>
  );
}
