/**
 * Serves the test model's encoder as a v2 or TEI server on 127.0.0.1 until SIGINT/SIGTERM, for trying
 * `BGE_M3_ENCODER=… npm start` by hand:  npx tsx tests/helpers/serve-fake-encoder.ts v2|tei
 */
import { startFakeTeiServer } from "./fake-tei-server";
import { startFakeV2Server } from "./fake-v2-server";

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind !== "v2" && kind !== "tei") throw new Error("usage: serve-fake-encoder.ts v2|tei");
  const server = kind === "v2" ? await startFakeV2Server() : await startFakeTeiServer();
  process.stdout.write(`BGE_M3_ENCODER=${server.encoder}\n`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
