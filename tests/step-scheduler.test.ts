/**
 * The inference thread's step scheduler (lib/engine/step-scheduler.mjs): short steps go before long ones while they
 * have credit, long work keeps at least 1 − share of the time under a steady stream of short steps, and cancelled jobs'
 * steps never run. Time comes from a fake clock wherever it matters, so nothing here depends on the machine's speed.
 */

import { describe, expect, it, vi } from "vitest";
import { CancelledError, type StepJob, StepScheduler } from "@/lib/engine/step-scheduler.mjs";

// Each test settles in milliseconds; a step that never runs or never rejects fails fast instead of at 60 s.
vi.setConfig({ testTimeout: 5_000 });

const job = (lane: "short" | "long"): StepJob => ({ lane, cancelled: false });

/** A promise and the function that resolves it: holds a step running until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/** Lets queued microtasks and immediates run (the scheduler pumps on setImmediate). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("the step scheduler's order", () => {
  it("runs a waiting short step before the next long step, one step at a time", async () => {
    const s = new StepScheduler();
    const order: string[] = [];
    let running = 0;
    let mostRunning = 0;
    const stepOf = (name: string, held?: Promise<void>) => async () => {
      running += 1;
      mostRunning = Math.max(mostRunning, running);
      order.push(name);
      if (held) await held;
      running -= 1;
    };
    const long = job("long");
    const first = gate();
    const l1 = s.step(long, stepOf("L1", first.wait));
    await settle();
    expect(order).toEqual(["L1"]);
    // Two more long steps wait before the short one arrives: the short one still goes next.
    const l2 = s.step(long, stepOf("L2"));
    const l3 = s.step(long, stepOf("L3"));
    const s1 = s.step(job("short"), stepOf("S1"));
    await settle();
    expect(order).toEqual(["L1"]); // nothing starts while a step runs
    first.open();
    await Promise.all([l1, l2, l3, s1]);
    expect(order).toEqual(["L1", "S1", "L2", "L3"]);
    expect(mostRunning).toBe(1);
  });

  it("runs short steps in arrival order and resolves each with its value", async () => {
    const s = new StepScheduler();
    const values = await Promise.all([1, 2, 3].map((k) => s.step(job("short"), () => k * 10)));
    expect(values).toEqual([10, 20, 30]);
  });

  it("rejects a step whose function throws, and keeps running the others", async () => {
    const s = new StepScheduler();
    const bad = s.step(job("long"), () => {
      throw new Error("boom");
    });
    const good = s.step(job("short"), () => "ok");
    await expect(bad).rejects.toThrow("boom");
    await expect(good).resolves.toBe("ok");
  });
});

describe("the step scheduler's shares, on a fake clock", () => {
  /**
   * One long job (40 ms steps, each enqueued when the last one finished, as stage-runner.mjs does) against three
   * closed-loop clients of 10 ms short steps, so a short step is always waiting, until 20 s of fake time have passed.
   */
  async function contend(share: number) {
    let clock = 0;
    const s = new StepScheduler({ share, now: () => clock });
    const [LONG_MS, SHORT_MS, UNTIL] = [40, 10, 20_000];
    let done = false;
    let shortSteps = 0;
    const longJob = async () => {
      const j = job("long");
      while (clock < UNTIL) {
        await s.step(j, () => {
          clock += LONG_MS;
        });
      }
      done = true;
    };
    const client = async () => {
      // Bounded, so a scheduler that never lets long work in fails here instead of hanging.
      while (!done && shortSteps < 10_000) {
        await s.step(job("short"), () => {
          clock += SHORT_MS;
          shortSteps += 1;
        });
      }
    };
    await Promise.all([longJob(), client(), client(), client()]);
    const total = s.spent.long + s.spent.short;
    return { s, total, shortSteps, slack: (s.creditMs + SHORT_MS) / total };
  }

  it.each([0.15, 0.5])(
    "gives long work at least 1 − share of the time under a steady short stream (share %s)",
    async (share) => {
      const { s, total, shortSteps, slack } = await contend(share);
      expect(total).toBeGreaterThanOrEqual(20_000);
      expect(s.spent.long + s.spent.short).toBe(total);
      // Long work's floor: 1 − share, less the initial credit and one short step's overshoot.
      expect(s.spent.long / total).toBeGreaterThanOrEqual(1 - share - slack);
      // And the short stream is not starved either: it gets its share.
      expect(shortSteps).toBeGreaterThan(0);
      expect(s.spent.short / total).toBeGreaterThanOrEqual(share - 0.02);
    },
  );

  it("lets short steps spend no credit while no long work waits", async () => {
    let clock = 0;
    const s = new StepScheduler({ now: () => clock });
    for (let k = 0; k < 200; k++) {
      await s.step(job("short"), () => {
        clock += 10;
      });
    }
    expect(s.spent.short).toBe(2000);
    expect(s.credit).toBe(s.creditMs);
    // A long job arriving now still finds a short step let in before its second step.
    const order: string[] = [];
    const long = job("long");
    const held = gate();
    const l1 = s.step(long, async () => {
      order.push("L1");
      await held.wait;
      clock += 100;
    });
    await settle();
    const l2 = s.step(long, () => order.push("L2"));
    const s1 = s.step(job("short"), () => order.push("S1"));
    held.open();
    await Promise.all([l1, l2, s1]);
    expect(order).toEqual(["L1", "S1", "L2"]);
  });
});

describe("the step scheduler and cancelled jobs", () => {
  it("rejects a cancelled job's waiting steps with CancelledError without running them; other jobs go on", async () => {
    const s = new StepScheduler();
    const held = gate();
    const other = job("short");
    const running = s.step(other, () => held.wait);
    await settle();
    const cancelledJob = job("long");
    const ran = vi.fn();
    const waiting = [s.step(cancelledJob, ran), s.step(cancelledJob, ran)];
    const otherNext = s.step(other, () => "other ran");
    cancelledJob.cancelled = true;
    s.dropCancelled();
    for (const w of waiting) await expect(w).rejects.toBeInstanceOf(CancelledError);
    // Its next step rejects at once: before the step that is still running lets anything else in.
    const next = s.step(cancelledJob, ran);
    await expect(Promise.race([next, settle().then(() => "queued")])).rejects.toBeInstanceOf(CancelledError);
    held.open();
    await running;
    await expect(otherNext).resolves.toBe("other ran");
    expect(ran).not.toHaveBeenCalled();
  });

  it("drops a job cancelled while its step waits even without dropCancelled, when the running step ends", async () => {
    const s = new StepScheduler();
    const held = gate();
    const running = s.step(job("short"), () => held.wait);
    await settle();
    const j = job("short");
    const ran = vi.fn();
    const waiting = s.step(j, ran);
    j.cancelled = true;
    held.open();
    await running;
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(ran).not.toHaveBeenCalled();
  });

  it("names the error CancelledError", () => {
    const e = new CancelledError();
    expect(e.name).toBe("CancelledError");
    expect(e.message).toMatch(/cancelled/);
  });
});
