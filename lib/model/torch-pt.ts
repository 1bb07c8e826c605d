import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";

export interface TorchTensor {
  dtype: "float16" | "bfloat16" | "float32" | "float64";
  shape: number[];
  /** Values converted to float32, row-major. */
  data: Float32Array;
}

type DType = TorchTensor["dtype"];

const STORAGE_DTYPES: Record<string, { dtype: DType; bytes: number }> = {
  HalfStorage: { dtype: "float16", bytes: 2 },
  BFloat16Storage: { dtype: "bfloat16", bytes: 2 },
  FloatStorage: { dtype: "float32", bytes: 4 },
  DoubleStorage: { dtype: "float64", bytes: 8 },
};

/** The opcodes this reader does not implement, so errors can name them. */
const UNSUPPORTED_OPCODES: Record<number, string> = {
  48: "POP",
  49: "POP_MARK",
  50: "DUP",
  70: "FLOAT",
  73: "INT",
  76: "LONG",
  80: "PERSID",
  83: "STRING",
  84: "BINSTRING",
  85: "SHORT_BINSTRING",
  86: "UNICODE",
  100: "DICT",
  103: "GET",
  105: "INST",
  108: "LIST",
  111: "OBJ",
  112: "PUT",
  129: "NEWOBJ",
  130: "EXT1",
  131: "EXT2",
  132: "EXT4",
  139: "LONG4",
  142: "BINBYTES8",
  143: "EMPTY_SET",
  144: "ADDITEMS",
  145: "FROZENSET",
  146: "NEWOBJ_EX",
  150: "BYTEARRAY8",
  151: "NEXT_BUFFER",
  152: "READONLY_BUFFER",
};

class Tensor implements TorchTensor {
  constructor(
    readonly dtype: DType,
    readonly shape: number[],
    readonly data: Float32Array,
  ) {}
}

/** A whitelisted `torch.*Storage` class; only usable inside a persistent id. */
class StorageType {
  constructor(readonly name: string) {}
}

/** A loaded storage, already converted to float32. */
class Storage {
  constructor(
    readonly dtype: DType,
    readonly values: Float32Array,
  ) {}
}

type Callable = (args: unknown[]) => unknown;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Exact IEEE half → number, including subnormals, ±0, ±inf and NaN. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** bfloat16 is the top half of a float32. */
function bf16ToFloat(h: number): number {
  u32[0] = h << 16;
  return f32[0]!;
}

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function describe(v: unknown): string {
  if (v instanceof Map) return "dict";
  if (Array.isArray(v)) return "tuple/list";
  if (v === null) return "None";
  return typeof v;
}

/**
 * Parses a PyTorch zip checkpoint (`torch.save` since torch 1.6) holding a state dict of
 * float16/bfloat16/float32/float64 tensors. Nested dicts are flattened to dotted keys; non-tensor
 * entries (e.g. an epoch counter) are skipped. Only the globals a state dict needs are allowed.
 * `source` names the file in error messages.
 */
export function readTorchStateDict(bytes: Uint8Array, source = "torch checkpoint"): Map<string, TorchTensor> {
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`);
  };

  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    // the legacy format is a bare pickle stream starting with PROTO (0x80)
    const hint =
      bytes[0] === 0x80
        ? "it looks like the legacy (pre-1.6) torch.save format. Re-save it with torch >= 1.6: " +
          "torch.save(torch.load(path, map_location='cpu'), path)"
        : "expected the zip format written by torch.save since torch 1.6";
    fail(`not a zip archive; ${hint}`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    return fail(`cannot read zip archive (${(err as Error).message})`);
  }

  // like torch, the archive name is the top-level folder of the entries
  const names = Object.keys(files);
  const prefix = names[0]?.includes("/") ? names[0].slice(0, names[0].indexOf("/") + 1) : "";
  const pickle = files[`${prefix}data.pkl`] ?? fail(`no ${prefix}data.pkl in the zip; not a torch.save checkpoint`);
  const byteorder = files[`${prefix}byteorder`];
  const order = byteorder ? new TextDecoder().decode(byteorder).trim() : "little";
  if (order !== "little" && order !== "big") fail(`unknown byteorder "${order}"`);
  const littleEndian = order === "little";

  const storages = new Map<string, Storage>();
  const loadStorage = (pid: unknown): Storage => {
    if (!Array.isArray(pid) || pid[0] !== "storage" || pid.length < 5) return fail("unsupported persistent id");
    const [, type, key, , numel] = pid as unknown[];
    if (!(type instanceof StorageType)) return fail("persistent id without a storage type");
    const spec = STORAGE_DTYPES[type.name] ?? fail(`unsupported storage type torch.${type.name}`);
    if (typeof key !== "string" || !isInt(numel)) return fail("malformed storage persistent id");
    const cached = storages.get(key);
    if (cached) return cached;
    const raw = files[`${prefix}data/${key}`] ?? fail(`missing storage file ${prefix}data/${key}`);
    if (raw.length < numel * spec.bytes) {
      fail(`storage file ${prefix}data/${key} is too short: ${raw.length} bytes for ${numel} ${spec.dtype} values`);
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const values = new Float32Array(numel);
    for (let i = 0; i < numel; i++) {
      const at = i * spec.bytes;
      if (spec.dtype === "float16") values[i] = halfToFloat(view.getUint16(at, littleEndian));
      else if (spec.dtype === "bfloat16") values[i] = bf16ToFloat(view.getUint16(at, littleEndian));
      else if (spec.dtype === "float32") values[i] = view.getFloat32(at, littleEndian);
      else values[i] = view.getFloat64(at, littleEndian);
    }
    const storage = new Storage(spec.dtype, values);
    storages.set(key, storage);
    return storage;
  };

  // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
  const rebuildTensor: Callable = (args) => {
    const [storage, offset, size, stride] = args;
    const dims = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => isInt(x) && x >= 0);
    if (!(storage instanceof Storage) || !isInt(offset) || offset < 0 || !dims(size) || !dims(stride)) {
      return fail("malformed _rebuild_tensor_v2 arguments");
    }
    if (size.length !== stride.length) return fail("tensor sizes and strides differ in length");
    const count = size.reduce((a, b) => a * b, 1);
    const last = offset + size.reduce((a, s, d) => a + (s - 1) * stride[d]!, 0);
    if (count > 0 && last >= storage.values.length) {
      fail(`tensor of shape [${size}] at offset ${offset} reaches past its storage of ${storage.values.length} values`);
    }
    const data = new Float32Array(count);
    // walk the view in row-major order; contiguous tensors are a plain copy
    const contiguous = size.every((n, d) => n === 1 || stride[d] === size.slice(d + 1).reduce((a, b) => a * b, 1));
    if (contiguous) data.set(storage.values.subarray(offset, offset + count));
    else {
      const index = new Array<number>(size.length).fill(0);
      for (let i = 0, at = offset; i < count; i++) {
        data[i] = storage.values[at]!;
        for (let d = size.length - 1; d >= 0; d--) {
          at += stride[d]!;
          if (++index[d]! < size[d]!) break;
          at -= stride[d]! * size[d]!;
          index[d] = 0;
        }
      }
    }
    return new Tensor(storage.dtype, [...size], data);
  };

  const globals = new Map<string, Callable>([
    ["collections.OrderedDict", (args) => (args.length === 0 ? new Map() : fail("OrderedDict with arguments"))],
    ["torch._utils._rebuild_tensor_v2", rebuildTensor],
    ["torch._utils._rebuild_parameter", (args) => args[0]], // (data, requires_grad, backward_hooks)
  ]);
  const resolveGlobal = (module: string, name: string): Callable | StorageType => {
    const fn = globals.get(`${module}.${name}`);
    if (fn) return fn;
    if (module === "torch" && /^[A-Za-z0-9]+Storage$/.test(name)) return new StorageType(name);
    return fail(`pickle references disallowed global ${module}.${name}`);
  };

  const result = runPickle(pickle, resolveGlobal, loadStorage, fail);
  if (!(result instanceof Map)) return fail(`expected a state dict, found ${describe(result)}`);
  const out = new Map<string, TorchTensor>();
  const collect = (dict: Map<unknown, unknown>, path: string) => {
    for (const [key, value] of dict) {
      const name = `${path}${String(key)}`;
      if (value instanceof Tensor) out.set(name, value);
      else if (value instanceof Map) collect(value, `${name}.`);
    }
  };
  collect(result, "");
  return out;
}

/** Reads a `.pt` state dict from disk; see {@link readTorchStateDict}. */
export async function loadTorchStateDict(path: string): Promise<Map<string, TorchTensor>> {
  return readTorchStateDict(new Uint8Array(await readFile(path)), path);
}

/** A minimal pickle VM: the opcodes torch.save emits for state dicts (protocol 2), nothing executable. */
function runPickle(
  bytes: Uint8Array,
  resolveGlobal: (module: string, name: string) => Callable | StorageType,
  persistentLoad: (pid: unknown) => unknown,
  fail: (msg: string) => never,
): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let pos = 0;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (n: number) => {
    if (pos + n > bytes.length) fail("truncated data.pkl");
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => view.getUint8(need(1));
  const u32le = () => view.getUint32(need(4), true);
  const u64le = () => Number(view.getBigUint64(need(8), true));
  const text = (n: number) => utf8.decode(bytes.subarray(need(n), pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail("truncated data.pkl");
    const s = utf8.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => (stack.length ? stack.pop() : fail("pickle stack underflow"));
  const top = () => (stack.length ? stack[stack.length - 1] : fail("pickle stack underflow"));
  const popMark = () => {
    const items = stack;
    stack = marks.pop() ?? fail("pickle MARK missing");
    return items;
  };
  const setItems = (dict: unknown, items: unknown[]) => {
    if (!(dict instanceof Map)) return fail(`SETITEM on ${describe(dict)}`);
    for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1]);
  };
  const appendItems = (list: unknown, items: unknown[]) => {
    if (!Array.isArray(list)) return fail(`APPEND on ${describe(list)}`);
    list.push(...items);
  };
  const get = (i: number) => (memo.has(i) ? memo.get(i) : fail(`memo key ${i} missing`));

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail("pickle protocol newer than 5");
        break;
      case 0x95: // FRAME: framing is only a read-ahead hint
        u64le();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x29: // EMPTY_TUPLE
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x28: // MARK
        marks.push(stack);
        stack = [];
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32le()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64le()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(bytes.slice(need(u8()), pos));
        break;
      case 0x42: // BINBYTES
        stack.push(bytes.slice(need(u32le()), pos));
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(resolveGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") return fail("STACK_GLOBAL needs two strings");
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32le(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(get(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(get(u32le()));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement of n bytes
        const n = u8();
        const at = need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]!);
        if (n > 0 && bytes[at + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) fail("integer too large");
        stack.push(Number(v));
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x74: {
        // TUPLE; popMark() swaps `stack`, so call it before pushing
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        if (stack.length < n) fail("pickle stack underflow");
        stack.push(stack.splice(stack.length - n, n));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentLoad(pop()));
        break;
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        if (typeof fn !== "function" || !Array.isArray(args)) return fail("REDUCE on a non-callable");
        stack.push((fn as Callable)(args));
        break;
      }
      case 0x62: // BUILD: only sets OrderedDict._metadata here, which we do not need
        pop();
        top();
        break;
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        appendItems(top(), [item]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      default: {
        const name = UNSUPPORTED_OPCODES[op];
        fail(
          name
            ? `unsupported pickle opcode ${name} at byte ${pos - 1}`
            : `unknown pickle opcode 0x${op.toString(16)} at byte ${pos - 1}`,
        );
      }
    }
  }
}
