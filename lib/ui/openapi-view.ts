/**
 * The OpenAPI document (`lib/api/openapi.ts`) read for the API docs page: each operation with its request and
 * response schemas flattened to field rows (`weights.dense`, `results[].index`), and an example request body, the
 * schema's own or one built from its required fields. Pure; reads only what `openApiDocument` writes.
 */

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
}

interface Media {
  schema?: JsonSchema;
}

interface RawOperation {
  summary?: string;
  description?: string;
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { description?: string; content?: Record<string, Media> }>;
}

export interface OpenApiDoc {
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description: string | null;
  /** Bounds and default, in words: "3 to 8192", "default false". */
  limits: string | null;
}

export interface ResponseView {
  status: string;
  description: string;
  contentType: string | null;
  schemaName: string | null;
  fields: FieldRow[];
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  request: { schemaName: string | null; fields: FieldRow[]; example: unknown } | null;
  responses: ResponseView[];
}

/** Nested objects deeper than this are listed as one row. */
const MAX_DEPTH = 4;
/** zod's stand-in bounds for "any safe integer", which say nothing to a reader. */
const isRealBound = (n: number | undefined): n is number => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;

const refName = (ref: string | undefined) => (ref ? ref.slice(ref.lastIndexOf("/") + 1) : null);

function resolve(doc: OpenApiDoc, s: JsonSchema): JsonSchema {
  const name = refName(s.$ref);
  return name ? (doc.components?.schemas?.[name] ?? {}) : s;
}

/** The schema without its `null` alternative, and whether it had one. */
function withoutNull(s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const alts = s.anyOf?.filter((a) => a.type !== "null");
  if (s.anyOf && alts && alts.length === 1 && alts.length < s.anyOf.length) {
    return { schema: { ...alts[0], description: s.description ?? alts[0]!.description }, nullable: true };
  }
  if (Array.isArray(s.type) && s.type.includes("null")) {
    const rest = s.type.filter((t) => t !== "null");
    return { schema: { ...s, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { schema: s, nullable: false };
}

export function typeOf(doc: OpenApiDoc, raw: JsonSchema): string {
  const { schema: s, nullable } = withoutNull(resolve(doc, raw));
  let t: string;
  if (s.enum) t = s.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (s.const !== undefined) t = JSON.stringify(s.const);
  else if (s.anyOf) t = s.anyOf.map((a) => typeOf(doc, a)).join(" | ");
  else if (s.type === "array") t = `array of ${s.items ? typeOf(doc, s.items) : "any"}`;
  else if (Array.isArray(s.type)) t = s.type.join(" | ");
  else if (s.type === "object" && !s.properties && typeof s.additionalProperties === "object")
    t = `map of ${typeOf(doc, s.additionalProperties)}`;
  else t = s.type ?? "any";
  return nullable ? `${t} | null` : t;
}

function limitsOf(s: JsonSchema): string | null {
  const parts: string[] = [];
  const range = (lo: number | undefined, hi: number | undefined, unit: string) => {
    const from = isRealBound(lo) ? lo : undefined;
    const to = isRealBound(hi) ? hi : undefined;
    if (from !== undefined && to !== undefined) parts.push(`${from} to ${to}${unit}`);
    else if (from !== undefined) parts.push(`at least ${from}${unit}`);
    else if (to !== undefined) parts.push(`at most ${to}${unit}`);
  };
  range(s.minimum, s.maximum, "");
  range(s.minLength, s.maxLength, " characters");
  range(s.minItems, s.maxItems, " items");
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** Each field of an object schema as a row, nested fields after their parent, array items as `name[]`. */
export function fieldRows(doc: OpenApiDoc, raw: JsonSchema, prefix = "", depth = 0): FieldRow[] {
  const s = withoutNull(resolve(doc, raw)).schema;
  const item = s.type === "array" && s.items ? withoutNull(resolve(doc, s.items)).schema : null;
  if (item?.properties && depth < MAX_DEPTH) return fieldRows(doc, item, `${prefix.replace(/\.$/, "")}[].`, depth + 1);
  if (!s.properties) return [];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).flatMap(([key, child]) => {
    const name = `${prefix}${key}`;
    const plain = withoutNull(resolve(doc, child)).schema;
    const row: FieldRow = {
      name,
      type: typeOf(doc, child),
      required: required.has(key),
      description: child.description ?? plain.description ?? null,
      limits: limitsOf(plain),
    };
    return depth < MAX_DEPTH ? [row, ...fieldRows(doc, child, `${name}.`, depth + 1)] : [row];
  });
}

/** A value the schema accepts: its own example or default, else one built from its required fields. */
export function exampleOf(doc: OpenApiDoc, raw: JsonSchema): unknown {
  const s = withoutNull(resolve(doc, raw)).schema;
  if (s.examples?.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.anyOf?.length) return exampleOf(doc, s.anyOf[0]!);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = exampleOf(doc, s.properties?.[key] ?? {});
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => exampleOf(doc, s.items ?? {}));
    case "string":
      return "What is BGE M3?";
    case "integer":
    case "number":
      return isRealBound(s.minimum) ? Math.max(s.minimum, Math.min(1, s.maximum ?? 1)) : 1;
    case "boolean":
      return false;
    default:
      return null;
  }
}

/** The first media type of a content map, and its schema. */
function mediaOf(content: Record<string, Media> | undefined) {
  const [type, media] = Object.entries(content ?? {})[0] ?? [];
  return { type: type ?? null, schema: media?.schema ?? null };
}

/** Every operation of the document, in its order. */
export function operationsOf(doc: OpenApiDoc): OperationView[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): OperationView => {
      const body = mediaOf(op.requestBody?.content).schema;
      return {
        id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-").replace(/-+$/, ""),
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? "",
        description: op.description ?? null,
        request: body
          ? { schemaName: refName(body.$ref), fields: fieldRows(doc, body), example: exampleOf(doc, body) }
          : null,
        responses: Object.entries(op.responses ?? {}).map(([status, r]) => {
          const media = mediaOf(r.content);
          return {
            status,
            description: r.description ?? "",
            contentType: media.type,
            schemaName: refName(media.schema?.$ref),
            fields: media.schema ? fieldRows(doc, media.schema) : [],
          };
        }),
      };
    }),
  );
}
