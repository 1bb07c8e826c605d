/**
 * Which inference step runs next on the inference thread. Work comes in two lanes: `short` (interactive batches) and
 * `long` (long texts, run as many short steps by stage-runner.mjs). One step runs at a time. A waiting short step goes
 * first while it has credit; the credit grows by `share / (1 − share)` of every long step's time, up to `creditMs`, and
 * short steps spend it while long work waits. So a short query waits for at most one long step, and under a steady
 * stream of short work the long job still gets at least 1 − share of the time.
 * Plain JavaScript: the inference thread imports it unbundled.
 */

export class CancelledError extends Error {
  constructor(message = "the work was cancelled") {
    super(message);
    this.name = "CancelledError";
  }
}

export class StepScheduler {
  /** @param {{ share?: number, creditMs?: number, now?: () => number }} [options] */
  constructor(options = {}) {
    this.share = options.share ?? 0.15;
    this.creditMs = options.creditMs ?? 500;
    this.now = options.now ?? (() => performance.now());
    this.credit = this.creditMs;
    /** @type {{ job: { lane: string, cancelled: boolean }, fn: () => Promise<unknown>, resolve: Function, reject: Function }[]} */
    this.waiting = [];
    this.running = false;
    /** Milliseconds spent per lane, for metrics and tests. */
    this.spent = { short: 0, long: 0 };
  }

  /** Runs `fn` as the next step of `job` ({ lane: "short" | "long", cancelled }) when its turn comes. */
  step(job, fn) {
    if (job.cancelled) return Promise.reject(new CancelledError());
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, fn, resolve, reject });
      this.pump();
    });
  }

  /** Rejects the waiting steps of cancelled jobs at once. */
  dropCancelled() {
    for (const w of this.waiting.filter((x) => x.job.cancelled)) w.reject(new CancelledError());
    this.waiting = this.waiting.filter((x) => !x.job.cancelled);
  }

  pick() {
    const short = this.waiting.findIndex((w) => w.job.lane !== "long");
    const long = this.waiting.findIndex((w) => w.job.lane === "long");
    if (short < 0) return long;
    if (long < 0 || this.credit > 0) return short;
    return long;
  }

  pump() {
    this.dropCancelled();
    if (this.running || this.waiting.length === 0) return;
    const [next] = this.waiting.splice(this.pick(), 1);
    const longWaiting = this.waiting.some((w) => w.job.lane === "long");
    this.running = true;
    const started = this.now();
    const finish = () => {
      const ms = this.now() - started;
      const lane = next.job.lane === "long" ? "long" : "short";
      this.spent[lane] += ms;
      if (lane === "long") this.credit = Math.min(this.creditMs, this.credit + (ms * this.share) / (1 - this.share));
      else if (longWaiting) this.credit -= ms;
      this.running = false;
      // Let messages (new work, cancellations) in before the next step.
      setImmediate(() => this.pump());
    };
    Promise.resolve()
      .then(next.fn)
      .then(
        (value) => {
          finish();
          next.resolve(value);
        },
        (err) => {
          finish();
          next.reject(err);
        },
      );
  }
}
