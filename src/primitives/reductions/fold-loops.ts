// The inner loops of the axis reductions, one pair per combining operation, written out so that
// no function is called per element. Values are combined as JS numbers (float64), one at a time
// in the order given, exactly as `acc = combine(acc, v)` would.

/** Operands reach the loops as one of these two types (others are widened), keeping them fast. */
export type FoldInput = Float32Array | Float64Array;

export interface Fold {
  /** Combines x[from], ..., x[from + count - 1] into `acc`, in that order. */
  run(x: FoldInput, from: number, count: number, acc: number): number;
  /** acc[at + j] = combine(acc[at + j], x[from + j]) for each j < count. */
  lanes(x: FoldInput, from: number, count: number, acc: Float64Array, at: number): void;
}

export const sumFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) acc += x[i]!;
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) acc[at + j] = acc[at + j]! + x[from + j]!;
  },
};

export const productFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) acc *= x[i]!;
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) acc[at + j] = acc[at + j]! * x[from + j]!;
  },
};

/** 32-bit integer products: keeps the low 32 bits at every step; the final store wraps to the dtype. */
export const integerProductFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) acc = Math.imul(acc, x[i]!);
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) acc[at + j] = Math.imul(acc[at + j]!, x[from + j]!);
  },
};

// max and min as XLA computes them: a NaN accumulator stays, a NaN operand wins; on a tie the
// operand is kept (so max(+0, -0) is the later one), as nanMax/nanMin in reduce-common.ts.
export const maxFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) {
      const v = x[i]!;
      if (!(acc !== acc || acc > v)) acc = v;
    }
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) {
      const a = acc[at + j]!;
      const v = x[from + j]!;
      if (!(a !== a || a > v)) acc[at + j] = v;
    }
  },
};

export const minFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) {
      const v = x[i]!;
      if (!(acc !== acc || acc < v)) acc = v;
    }
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) {
      const a = acc[at + j]!;
      const v = x[from + j]!;
      if (!(a !== a || a < v)) acc[at + j] = v;
    }
  },
};

// Bitwise folds of 32-bit patterns (logical on bool's 0/1); the final store wraps to the dtype.
export const andFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) acc &= x[i]!;
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) acc[at + j] = acc[at + j]! & x[from + j]!;
  },
};

export const orFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) acc |= x[i]!;
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) acc[at + j] = acc[at + j]! | x[from + j]!;
  },
};

export const xorFold: Fold = {
  run(x, from, count, acc) {
    for (let i = from, end = from + count; i < end; i++) acc ^= x[i]!;
    return acc;
  },
  lanes(x, from, count, acc, at) {
    for (let j = 0; j < count; j++) acc[at + j] = acc[at + j]! ^ x[from + j]!;
  },
};
