/** A file's problems, one a line: the first few, and how many more there are. */

/** One problem, worded, and the 1-based line it is on. */
export interface LineProblem {
  line: number;
  text: string;
}

/** Problems shown before "and N more": enough to fix a file by, short enough to read. */
export const SHOWN_PROBLEMS = 10;

/** The first SHOWN_PROBLEMS of `problems` as a list, then `more(n)` for the n left out. */
export function ProblemList({
  problems,
  more,
  testId,
}: {
  problems: readonly LineProblem[];
  more: (n: number) => string;
  testId: string;
}) {
  const rest = problems.length - SHOWN_PROBLEMS;
  return (
    <>
      <ul data-testid={testId} className="flex flex-col gap-0.5">
        {problems.slice(0, SHOWN_PROBLEMS).map((p) => (
          <li key={`${p.line} ${p.text}`}>{p.text}</li>
        ))}
      </ul>
      {rest > 0 && <p data-testid={`${testId}-more`}>{more(rest)}</p>}
    </>
  );
}
