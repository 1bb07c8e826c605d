/** The labelled number field for a similarity threshold, shared by the near-duplicates and search views. */
export function ThresholdField(props: {
  /** Element id and test id. */
  id: string;
  label: string;
  text: string;
  /** True when `text` is not a usable threshold. */
  invalid: boolean;
  onText: (text: string) => void;
}) {
  return (
    <>
      <label htmlFor={props.id} className="text-sm font-medium text-slate-700">
        {props.label}
      </label>
      <input
        id={props.id}
        data-testid={props.id}
        type="number"
        inputMode="decimal"
        step={0.01}
        value={props.text}
        aria-invalid={props.invalid}
        onChange={(e) => props.onText(e.target.value)}
        className="w-24 rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-invalid:border-rose-400"
      />
    </>
  );
}

/** The threshold a field's text names, or null while it is empty or not a number (e.g. mid-edit). */
export function thresholdOf(text: string): number | null {
  return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : null;
}
