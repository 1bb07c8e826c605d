/**
 * Reads and validates a JSON request body: content type and charset, size limit, UTF-8, JSON syntax, then the zod
 * schema.
 */
import type { z } from "zod";
import { yieldToEventLoop } from "@/lib/event-loop";
import { ApiError } from "./errors";
import { invalidUtf8Offset } from "./utf8";

/**
 * Bodies of this many characters or more give the event loop a turn between decoding, JSON.parse and validation
 * (each about 4–10 ms a MB here): a 4 MB body in one go held it for 85–95 ms, and /api/health waited.
 */
const LARGE_BODY_CHARS = 256 * 1024;

/** Reads the body's bytes, refusing more than `maxBytes` without buffering the rest. */
async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  const tooLarge = () => new ApiError("payload_too_large", `request body is larger than ${maxBytes} bytes`);
  if (declared > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The `charset` parameter of a media type, lower-cased and unquoted, or null when there is none. */
function charsetOf(contentType: string): string | null {
  for (const param of contentType.split(";").slice(1)) {
    const [name, value = ""] = param.split("=", 2).map((x) => x.trim());
    if (name?.toLowerCase() === "charset") return value.replace(/^"(.*)"$/, "$1").toLowerCase();
  }
  return null;
}

/** Refuses anything but a JSON media type in UTF-8 (415): a body in another charset would decode to other text. */
function checkContentType(type: string): void {
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", `Content-Type must be application/json, got "${type || "none"}"`);
  }
  const charset = charsetOf(type);
  if (charset !== null && charset !== "utf-8" && charset !== "utf8") {
    throw new ApiError("unsupported_media_type", `Content-Type charset must be utf-8, got "${charset}"`);
  }
}

/** The body as text: 400 naming the byte offset where it stops being UTF-8, rather than a replacement character. */
function decodeUtf8(bytes: Uint8Array): string {
  const offset = invalidUtf8Offset(bytes);
  if (offset >= 0) {
    const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, "0");
    throw new ApiError(
      "invalid_json",
      `request body is not valid UTF-8 at byte offset ${offset} (0x${byte}); send JSON encoded as UTF-8`,
    );
  }
  return new TextDecoder("utf-8").decode(bytes);
}

/** The first issue's path as a dotted field name, e.g. "weights.dense" or "texts.3". */
function fieldOf(issue: z.core.$ZodIssue): string | undefined {
  const path = [...issue.path, ...(issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [])];
  return path.length ? path.map(String).join(".") : undefined;
}

export async function parseJsonBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes: number,
): Promise<z.infer<S>> {
  checkContentType(req.headers.get("content-type") ?? "");
  const text = decodeUtf8(await readLimited(req, maxBytes));
  const large = text.length >= LARGE_BODY_CHARS;
  if (large) await yieldToEventLoop();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ApiError("invalid_json", `request body is not valid JSON: ${(e as Error).message}`);
  }
  if (large) await yieldToEventLoop();
  const parsed = schema.safeParse(json);
  if (large) await yieldToEventLoop();
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = fieldOf(issue);
    throw new ApiError("invalid_request", field ? `${field}: ${issue.message}` : issue.message, field);
  }
  return parsed.data;
}
