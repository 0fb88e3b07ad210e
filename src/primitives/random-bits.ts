// threefry2x32: the Threefry-2x32 block cipher with 20 rounds (Salmon et al., Random123), the hash
// at the heart of JAX's counter-based PRNG. Operands key1, key2, x1, x2 are uint32; the outputs are
// the two encrypted words. As in JAX, a rank-0 operand broadcasts against the others, and operands
// of equal rank broadcast along axes of size 1.
import { DTypeError, ShapeError } from "../errors.js";
import { ShapedArray } from "../tracing/aval.js";
import type { JaxArray } from "../tracing/array.js";
import { bind } from "../tracing/trace.js";
import { sizeOf, stridesOf } from "../shape.js";
import { definePrimitive, type BDim, type HostTensor, type Primitive } from "./primitive.js";
import { batchSize, operandsStr, zeroJvp } from "./rules.js";
import { expandDims } from "./shape/expand-dims.js";
import { reshape } from "./shape/reshape.js";
import { moveaxis } from "./shape/transpose.js";

type NoParams = Record<string, never>;

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
/** Skein's key-schedule parity constant, as Threefry uses it. */
const KEY_PARITY = 0x1bd11bda;

/** The shape every operand broadcasts to: scalars to anything, equal ranks along size-1 axes. */
function broadcastShape(avals: readonly ShapedArray[]): number[] {
  const shaped = avals.filter((a) => a.ndim > 0);
  if (shaped.length === 0) return [];
  const rank = shaped[0]!.ndim;
  if (shaped.some((a) => a.ndim !== rank)) {
    throw new ShapeError(
      `threefry2x32: operands must be scalars or share one rank, got ${operandsStr(avals)}; ` +
        `reshape them (or broadcastInDim) to a common rank`,
    );
  }
  return Array.from({ length: rank }, (_, d) => {
    const sizes = shaped.map((a) => a.shape[d]!).filter((s) => s !== 1);
    const size = sizes[0] ?? 1;
    if (sizes.some((s) => s !== size)) {
      throw new ShapeError(
        `threefry2x32: operand shapes do not broadcast (axis ${d}: ${shaped.map((a) => a.shape[d]).join(" vs ")}), ` +
          `got ${operandsStr(avals)}; make the sizes equal or 1 on that axis`,
      );
    }
    return size;
  });
}

/**
 * The operand's words over the output shape: as is when full-sized or a single word (the kernel
 * reads a single word at index 0), else copied with its size-1 axes repeated.
 */
function expandTo(t: HostTensor, outShape: readonly number[]): Uint32Array {
  const n = sizeOf(outShape);
  const src = t.data as Uint32Array;
  if (src.length === n || src.length === 1) return src;
  const out = new Uint32Array(n);
  const inStrides = stridesOf(t.shape).map((s, d) => (t.shape[d] === 1 ? 0 : s));
  const outStrides = stridesOf(outShape);
  for (let i = 0; i < n; i++) {
    let rem = i;
    let at = 0;
    for (let d = 0; d < outShape.length; d++) {
      const q = Math.floor(rem / outStrides[d]!);
      rem -= q * outStrides[d]!;
      at += q * inStrides[d]!;
    }
    out[i] = src[at]!;
  }
  return out;
}

/** Encrypts every (x1, x2) pair under its (key1, key2) pair, writing the two output words. */
function encrypt(
  k1: Uint32Array,
  k2: Uint32Array,
  x1: Uint32Array,
  x2: Uint32Array,
  y1: Uint32Array,
  y2: Uint32Array,
): void {
  const n = y1.length;
  // Stride 1 walks a full operand, stride 0 repeats a single word.
  const [s1, s2, s3, s4] = [k1, k2, x1, x2].map((w) => (w.length === n ? 1 : 0)) as [number, number, number, number];
  const ks = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    ks[0] = k1[i * s1]!;
    ks[1] = k2[i * s2]!;
    ks[2] = (ks[0] ^ ks[1] ^ KEY_PARITY) >>> 0;
    let a = (x1[i * s3]! + ks[0]) >>> 0;
    let b = (x2[i * s4]! + ks[1]) >>> 0;
    // Five groups of four rounds, each followed by injecting the next key-schedule word pair
    // plus the group number (the rotation constants alternate between the two halves of the table).
    for (let group = 0; group < 5; group++) {
      const rot = (group & 1) * 4;
      for (let r = 0; r < 4; r++) {
        a = (a + b) >>> 0;
        const s = ROTATIONS[rot + r]!;
        b = ((b << s) | (b >>> (32 - s))) ^ a;
      }
      a = (a + ks[(group + 1) % 3]!) >>> 0;
      b = (b + ks[(group + 2) % 3]! + group + 1) >>> 0;
    }
    y1[i] = a;
    y2[i] = b;
  }
}

export const threefry2x32P: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "threefry2x32",
  abstractEval(avals) {
    if (avals.length !== 4) {
      throw new ShapeError(
        `threefry2x32: takes 4 operands (key1, key2, x1, x2), got ${avals.length}: ${operandsStr(avals)}`,
      );
    }
    if (avals.some((a) => a.dtype !== "uint32")) {
      throw new DTypeError(
        `threefry2x32: operands must have dtype uint32, got ${operandsStr(avals)}; convert with x.astype('uint32')`,
      );
    }
    const shape = broadcastShape(avals);
    return [new ShapedArray(shape, "uint32"), new ShapedArray(shape, "uint32")];
  },
  impl(inputs, _params, [out]) {
    const [k1, k2, x1, x2] = inputs.map((t) => expandTo(t, out!.shape));
    const y1 = new Uint32Array(out!.size);
    const y2 = new Uint32Array(out!.size);
    encrypt(k1!, k2!, x1!, x2!, y1, y2);
    return [y1, y2];
  },
  jvp: (primals, tangents, params) => zeroJvp(threefry2x32P)(primals, tangents, params),
  batch: (args, dims) => [threefryBatched(args, dims), [0, 0]],
});

/**
 * vmap rule (JAX's `defbroadcasting`): batch axes move to the front; an unbatched operand gets a
 * leading axis of size 1 and a per-example scalar gets trailing size-1 axes, so every non-scalar
 * operand has the same rank and the primitive's own broadcasting does the rest.
 */
function threefryBatched(args: readonly JaxArray[], dims: readonly BDim[]): JaxArray[] {
  const size = batchSize(args, dims);
  const exampleRank = Math.max(...args.map((x, i) => x.ndim - (dims[i] === null ? 0 : 1)));
  const aligned = args.map((x, i) => {
    const d = dims[i]!;
    if (d === null) return x.ndim === 0 ? x : expandDims(x, [0]);
    const front = d === 0 ? x : moveaxis(x, d, 0);
    return front.ndim === 1 && exampleRank > 0
      ? reshape(front, [size, ...new Array<number>(exampleRank).fill(1)])
      : front;
  });
  return bind(threefry2x32P, aligned, {});
}

/** `threefry2x32(key1, key2, x1, x2)`: the two uint32 words of the Threefry-2x32 hash. */
export function threefry2x32(key1: JaxArray, key2: JaxArray, x1: JaxArray, x2: JaxArray): [JaxArray, JaxArray] {
  const [y1, y2] = bind(threefry2x32P, [key1, key2, x1, x2], {});
  return [y1!, y2!];
}
