/**
 * What a drop box says (file-drop.tsx): its hint, naming every type in the table of data files it reads
 * (lib/ui/data-files.ts), and why a file gave no texts, with each problem of a CSV or TSV file on its line.
 */
import { formatList, type Lang, translate } from "@/lib/i18n";
import { DATA_FILE_TYPES, type DataFileType } from "@/lib/ui/data-files";
import type { DelimitedProblem } from "@/lib/ui/delimited";
import type { LineProblem } from "./problem-list";
import type { TextFileParse } from "./text-file";

/** "Drop a file here (.txt one per line, .csv, …), or", one name for each type of `types`. */
export function dropHint(lang: Lang, types: readonly DataFileType[] = DATA_FILE_TYPES): string {
  const names = types.map(({ extension, format }) =>
    translate(lang, format === "lines" ? "drop.type.lines" : "drop.type", { extension }),
  );
  return translate(lang, "drop.hint", { types: formatList(lang, names) });
}

export type TextFileFailure = Extract<TextFileParse, { ok: false }>;

/** Why `file` gave no texts: a sentence, and a CSV or TSV file's problems, one a line in file order. */
export function failureWords(
  lang: Lang,
  failure: TextFileFailure,
  file: string,
): { text: string; problems: LineProblem[] } {
  if (!("quotes" in failure)) return { text: translate(lang, `drop.${failure.problem}`, { file }), problems: [] };
  const { problem: format, quotes } = failure;
  return {
    text: translate(lang, `drop.${format}`, { file }),
    problems: quotes.map(({ line, kind }) => ({
      line,
      text: translate(lang, "line.problem", { line, message: translate(lang, quoteProblemKey(format, kind)) }),
    })),
  };
}

/** The words for a quoted field of a CSV or TSV file that does not end as it should (the drop box's and /tune's). */
export function quoteProblemKey(format: "csv" | "tsv", kind: DelimitedProblem["kind"]) {
  return kind === "unclosedQuote" ? "quote.unclosedQuote" : (`quote.${format}.textAfterQuote` as const);
}
