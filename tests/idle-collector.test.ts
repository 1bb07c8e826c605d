/**
 * The inference thread's idle collection (lib/engine/idle-collector.mjs): a full GC once the thread has been idle
 * after enough work, postponed by new work, never while busy.
 */
import { describe, expect, it } from "vitest";
import { garbageCollector, IdleCollector } from "@/lib/engine/idle-collector.mjs";

/** Timers run by hand: `advance(ms)` fires the due ones in order. */
function manualTimers() {
  let now = 0;
  let next = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn: () => void, ms: number) => {
      pending.set(next, { at: now + ms, fn });
      return next++;
    },
    clear: (t: unknown) => {
      pending.delete(t as number);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, p]) => p.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    get pending() {
      return pending.size;
    },
  };
}

function collectorWith(busy = () => false) {
  const timers = manualTimers();
  let collected = 0;
  const collector = new IdleCollector({
    collect: () => {
      collected += 1;
    },
    busy,
    afterTokens: 4096,
    idleMs: 1000,
    timers,
  });
  return { collector, timers, collected: () => collected };
}

describe("IdleCollector", () => {
  it("collects once, an idle second after work of 4,096 tokens or more", () => {
    const { collector, timers, collected } = collectorWith();
    collector.done(1 * 8192);
    timers.advance(999);
    expect(collected()).toBe(0);
    timers.advance(1);
    expect(collected()).toBe(1);
    timers.advance(10_000);
    expect(collected()).toBe(1);
    expect(collector.collections).toBe(1);
  });

  it("does not collect after short work, until short work adds up to the threshold", () => {
    const { collector, timers, collected } = collectorWith();
    for (let i = 0; i < 3; i++) collector.done(1000);
    timers.advance(5000);
    expect(collected()).toBe(0);
    expect(timers.pending).toBe(0);
    collector.done(1096);
    timers.advance(1000);
    expect(collected()).toBe(1);
  });

  it("waits for an idle second: new work postpones it, and a busy thread is not interrupted", () => {
    let busy = false;
    const { collector, timers, collected } = collectorWith(() => busy);
    collector.done(5000);
    timers.advance(600);
    collector.done(16);
    timers.advance(600);
    expect(collected()).toBe(0);
    busy = true;
    timers.advance(400);
    expect(collected()).toBe(0);
    timers.advance(3000);
    expect(collected()).toBe(0);
    busy = false;
    timers.advance(1000);
    expect(collected()).toBe(1);
  });

  it("does nothing where the runtime gives no collector", () => {
    const timers = manualTimers();
    const collector = new IdleCollector({ collect: null, busy: () => false, timers });
    collector.done(1 << 20);
    expect(timers.pending).toBe(0);
  });
});

describe("garbageCollector", () => {
  it("gives this thread's full collection, which frees unreachable typed arrays' memory", () => {
    const gc = garbageCollector();
    expect(gc).toBeTypeOf("function");
    let garbage: Float32Array[] | null = Array.from({ length: 8 }, () => new Float32Array(1 << 20));
    const before = process.memoryUsage().arrayBuffers;
    expect(garbage.length).toBe(8);
    garbage = null;
    gc!();
    expect(before - process.memoryUsage().arrayBuffers).toBeGreaterThanOrEqual(8 * 4 * (1 << 20));
  });
});
