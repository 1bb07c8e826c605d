import { describe, expect, it } from "vitest";
import {
  describeProgress,
  etaSeconds,
  formatBytes,
  formatDuration,
  SpeedMeter,
  type TransferProgress,
} from "@/lib/model/progress";
import { createProgressReporter } from "@/lib/model/progress-reporter";

const snapshot = (doneBytes: number, bytesPerSecond = 0): TransferProgress => ({
  phase: "download",
  path: "onnx/model.onnx_data",
  fileIndex: 2,
  fileCount: 11,
  fileBytes: doneBytes,
  fileSize: 2_266_820_608,
  doneBytes,
  totalBytes: 2_291_870_667,
  bytesPerSecond,
  etaSeconds: etaSeconds(2_291_870_667 - doneBytes, bytesPerSecond),
});

/** A writable that records what was written. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 200, write: (s: string) => chunks.push(s) > 0 } };
}

describe("progress numbers", () => {
  it("formats bytes in binary units with three significant digits", () => {
    expect([0, 512, 1536, 17_082_821, 2_291_870_667].map(formatBytes)).toEqual([
      "0 B",
      "512 B",
      "1.50 KiB",
      "16.3 MiB",
      "2.13 GiB",
    ]);
  });

  it("formats durations, and unknown as --", () => {
    expect([undefined, 42, 185, 3720].map(formatDuration)).toEqual(["--", "42s", "3m05s", "1h02m"]);
  });

  it("measures speed over a sliding window, so a stall brings it to zero", () => {
    let now = 0;
    const meter = new SpeedMeter(5_000, () => now);
    meter.sample(0);
    now = 1_000;
    expect(meter.sample(10_000_000)).toBe(10_000_000);
    now = 2_000;
    expect(meter.sample(20_000_000)).toBe(10_000_000);
    now = 9_000; // 7 s with no new bytes: the old samples leave the window
    meter.sample(20_000_000);
    now = 10_000;
    expect(meter.sample(20_000_000)).toBe(0);
  });

  it("describes a snapshot with bar, percent, bytes, speed, ETA and file", () => {
    const line = describeProgress(snapshot(1_145_935_334, 10 * 1024 * 1024), 10);
    expect(line).toBe("[#####.....]   50%  1.07 GiB / 2.13 GiB  10.0 MiB/s  ETA 1m49s  (2/11 onnx/model.onnx_data)");
  });
});

describe("createProgressReporter", () => {
  it("on a TTY redraws one line in place and keeps messages on their own lines", () => {
    const { chunks, stream } = fakeStream(true);
    const reporter = createProgressReporter(stream, { intervalMs: 0 });
    reporter.update(snapshot(1000));
    reporter.line("  ok      onnx/model.onnx");
    reporter.done();
    const out = chunks.join("");
    expect(out.startsWith("\r\x1b[2K[")).toBe(true);
    expect(out).toContain("\r\x1b[2K  ok      onnx/model.onnx\n");
    expect(out.endsWith("\n")).toBe(true);
  });

  it("off a TTY writes plain lines, at most one per interval", () => {
    const { chunks, stream } = fakeStream(false);
    const reporter = createProgressReporter(stream, { intervalMs: 60_000 });
    reporter.update(snapshot(1000));
    reporter.update(snapshot(2000));
    reporter.update(snapshot(3000));
    reporter.done();
    expect(chunks.every((c) => !c.includes("\r") && !c.includes("\x1b"))).toBe(true);
    expect(chunks).toHaveLength(2); // the first update, then the final state
    expect(chunks[1]).toContain("2.93 KiB / 2.13 GiB");
  });
});
