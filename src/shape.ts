// Shape arithmetic shared by shape rules, CPU kernels and the numpy layer.
import { AxisError, ShapeError, ValueError } from "./errors.js";

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function shapeStr(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

/** Normalizes a possibly negative axis against `ndim`, throwing an AxisError that names `op`. */
export function normalizeAxis(axis: number, ndim: number, op: string): number {
  if (!(Number.isInteger(axis) && axis >= -ndim && axis < ndim)) {
    throw new AxisError(
      `${op}: axis ${axis} is out of bounds for an array of rank ${ndim}; use an axis in [${-ndim}, ${ndim - 1}]`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Normalizes a list of axes (or all axes when `axes` is null/undefined), rejecting repeats. */
export function normalizeAxes(axes: number | readonly number[] | null | undefined, ndim: number, op: string): number[] {
  if (axes === null || axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(a, ndim, op));
  if (new Set(out).size !== out.length) {
    throw new AxisError(`${op}: repeated axis in [${list.join(", ")}]; each axis may appear once`);
  }
  return out;
}

/** numpy broadcasting of several shapes; throws a ShapeError naming `op` and every operand. */
export function broadcastShapes(op: string, shapes: readonly Shape[], describe?: string[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (let i = 1; i <= ndim; i++) {
    let d = 1;
    for (const s of shapes) {
      const di = s[s.length - i] ?? 1;
      if (di === 1) continue;
      if (d !== 1 && d !== di) {
        const operands = describe ?? shapes.map((sh) => shapeStr(sh));
        const sizes = shapes.map((sh) => sh[sh.length - i] ?? 1).join(" vs ");
        throw new ShapeError(
          `${op}: shapes ${operands.join(" and ")} do not broadcast (axis -${i}: ${sizes}); ` +
            `make the sizes equal or 1 on that axis (reshape or expandDims one operand)`,
        );
      }
      d = di;
    }
    out[ndim - i] = d;
  }
  return out;
}

export function checkShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(`${op}: shape ${shapeStr(shape)} must contain non-negative integers`);
    }
  }
}

/** Unravels a flat row-major index into a multi-index (written into `out`). */
export function unravel(flat: number, shape: Shape, out: number[]): number[] {
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    out[i] = flat % d;
    flat = Math.floor(flat / d);
  }
  return out;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export function isPermutation(perm: readonly number[], n: number): boolean {
  return perm.length === n && new Set(perm).size === n && perm.every((p) => Number.isInteger(p) && p >= 0 && p < n);
}
