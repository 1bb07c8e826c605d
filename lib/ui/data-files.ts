/**
 * The files of texts or of labelled pairs the app reads, known by their name's extension: the one table behind what
 * the drop boxes read (components/shell/text-file.ts, components/tune/pairs-file.ts) and what their choosers offer.
 */

/** How a file's content is read: its lines, a CSV or TSV table, one JSON value, or one JSON value a line. */
export type DataFileFormat = "lines" | "csv" | "tsv" | "json" | "jsonl";

export interface DataFileType {
  extension: string;
  format: DataFileFormat;
  /** The media type a browser gives such a file, where there is a registered one. */
  mime?: string;
}

export const DATA_FILE_TYPES: readonly DataFileType[] = [
  { extension: "txt", format: "lines", mime: "text/plain" },
  { extension: "csv", format: "csv", mime: "text/csv" },
  { extension: "tsv", format: "tsv", mime: "text/tab-separated-values" },
  { extension: "tab", format: "tsv" },
  { extension: "json", format: "json", mime: "application/json" },
  { extension: "jsonl", format: "jsonl" },
  { extension: "ndjson", format: "jsonl" },
];

/** The format a file name's extension names, in any case; null for any other name. */
export function dataFileFormat(filename: string): DataFileFormat | null {
  const extension = filename.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  return DATA_FILE_TYPES.find((t) => t.extension === extension)?.format ?? null;
}

/** A file chooser's `accept` for these files: every extension, then every media type. */
export const DATA_FILE_ACCEPT = [
  ...DATA_FILE_TYPES.map((t) => `.${t.extension}`),
  ...DATA_FILE_TYPES.flatMap((t) => (t.mime ? [t.mime] : [])),
].join(",");
