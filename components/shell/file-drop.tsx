"use client";

import { type DragEvent, type ReactNode, useState } from "react";
import { cn } from "@/lib/ui/cn";
import { useI18n } from "./i18n-provider";
import { textFileTexts } from "./text-file";

type Note = { kind: "ok" | "error"; text: string } | null;

/**
 * A drop zone around a text box: a dropped .txt, .csv, .tsv, .json or .jsonl file's texts replace the box's lines
 * (see `text-file.ts`), and a line under it says what was loaded or why nothing was.
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
  const [over, setOver] = useState(false);
  const [note, setNote] = useState<Note>(null);

  const load = async (file: File) => {
    let content: string;
    try {
      content = await file.text();
    } catch {
      setNote({ kind: "error", text: t("drop.unreadable", { file: file.name }) });
      return;
    }
    const parsed = textFileTexts(content, file.name);
    if (!parsed.ok) return setNote({ kind: "error", text: t(`drop.${parsed.problem}`, { file: file.name }) });
    if (parsed.texts.length === 0) return setNote({ kind: "error", text: t("drop.empty", { file: file.name }) });
    onTexts(parsed.texts);
    setNote({ kind: "ok", text: t("drop.loaded", { n: parsed.texts.length, file: file.name }) });
  };

  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    setOver(false);
    void load(file);
  };
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes("Files")) return;
    e.preventDefault();
    setOver(true);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the file field below is the keyboard's way
    <div
      data-testid={testId}
      data-over={over}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className="flex flex-col gap-1"
    >
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
        <label className="cursor-pointer font-medium text-indigo-700 underline underline-offset-2 focus-within:ring-2 focus-within:ring-indigo-500">
          <input
            type="file"
            accept=".txt,.csv,.tsv,.json,.jsonl,text/plain,text/csv,application/json"
            data-testid={`${testId}-file`}
            className="sr-only"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void load(file);
              e.target.value = "";
            }}
          />
          {t("drop.open")}
        </label>
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
