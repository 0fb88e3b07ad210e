// Specs of the randomness primitive. The reference is an independent Threefry-2x32 written from
// the Random123 description with BigInt arithmetic (the kernel uses >>> 0 on JS numbers), plus
// its own numpy-style broadcasting of the four operands.
import * as lax from "../../src/lax/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import type { ArgSpec, PrimitiveSpec, RefValue } from "./spec.js";

const MASK = (1n << 32n) - 1n;
const ROT = [13n, 15n, 26n, 6n, 17n, 29n, 16n, 24n];

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (32n - r))) & MASK;
}

/** Threefry-2x32-20: the key schedule is injected before round 0 and after every 4th round. */
export function threefryRef(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [BigInt(k0), BigInt(k1), BigInt(k0) ^ BigInt(k1) ^ 0x1bd11bdan];
  let x0 = BigInt(c0);
  let x1 = BigInt(c1);
  for (let round = 0; round < 20; round++) {
    if (round % 4 === 0) {
      const s = round / 4;
      x0 = (x0 + ks[s % 3]!) & MASK;
      x1 = (x1 + ks[(s + 1) % 3]! + BigInt(s)) & MASK;
    }
    x0 = (x0 + x1) & MASK;
    x1 = rotl(x1, ROT[round % 8]!) ^ x0;
  }
  x0 = (x0 + ks[5 % 3]!) & MASK;
  x1 = (x1 + ks[6 % 3]! + 5n) & MASK;
  return [Number(x0), Number(x1)];
}

/** The four operands broadcast together (scalars anywhere, size-1 axes of equal-rank operands). */
function threefryBroadcastRef(...xs: RefValue[]): RefValue[] {
  const rank = Math.max(...xs.map((x) => x.shape.length));
  const shape = Array.from({ length: rank }, (_, d) =>
    Math.max(...xs.map((x) => (x.shape.length === 0 ? 1 : x.shape[d]!))),
  );
  const n = shape.reduce((a, b) => a * b, 1);
  const at = (x: RefValue, flat: number): number => {
    if (x.shape.length === 0) return x.data[0]!;
    let offset = 0;
    let rest = flat;
    let stride = n;
    for (let d = 0; d < rank; d++) {
      stride /= shape[d]!;
      const i = Math.floor(rest / stride);
      rest -= i * stride;
      offset = offset * x.shape[d]! + (x.shape[d] === 1 ? 0 : i);
    }
    return x.data[offset]!;
  };
  const y0: number[] = [];
  const y1: number[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = threefryRef(at(xs[0]!, i), at(xs[1]!, i), at(xs[2]!, i), at(xs[3]!, i));
    y0.push(a);
    y1.push(b);
  }
  return [
    { shape, data: y0 },
    { shape, data: y1 },
  ];
}

const word = (shape: number[]): ArgSpec => ({ shape, dtype: "uint32", domain: [0, 2 ** 32 - 1] });
const threefry = (...xs: JaxArray[]) => lax.threefry2x32(xs[0]!, xs[1]!, xs[2]!, xs[3]!);

export const randomSpecs: PrimitiveSpec[] = [
  {
    name: "threefry2x32 scalar keys, counts [3,4]",
    prim: "threefry2x32",
    fn: threefry,
    args: [word([]), word([]), word([3, 4]), word([3, 4])],
    reference: threefryBroadcastRef,
    nondiff: true,
    atol: 0,
    rtol: 0,
  },
  {
    name: "threefry2x32 all operands [5]",
    prim: "threefry2x32",
    fn: threefry,
    args: [word([5]), word([5]), word([5]), word([5])],
    reference: threefryBroadcastRef,
    nondiff: true,
    atol: 0,
    rtol: 0,
  },
  {
    name: "threefry2x32 size-1 axes broadcast ([2,1], [1,3], scalar count)",
    prim: "threefry2x32",
    fn: threefry,
    args: [word([2, 1]), word([1, 3]), word([]), word([2, 3])],
    reference: threefryBroadcastRef,
    nondiff: true,
    atol: 0,
    rtol: 0,
  },
  {
    name: "threefry2x32 known answer (Random123: key 13198a2e 03707344, counts 243f6a88 85a308d3)",
    prim: "threefry2x32",
    fn: threefry,
    args: [
      { shape: [], dtype: "uint32", values: [0x13198a2e] },
      { shape: [], dtype: "uint32", values: [0x03707344] },
      { shape: [], dtype: "uint32", values: [0x243f6a88] },
      { shape: [], dtype: "uint32", values: [0x85a308d3] },
    ],
    reference: () => [
      { shape: [], data: [0xc4923a9c] },
      { shape: [], data: [0x483df7a0] },
    ],
    nondiff: true,
    atol: 0,
    rtol: 0,
  },
];
