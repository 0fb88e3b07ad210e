// dot_general's dimension numbers: validation (where its user errors come from), the output
// shape (batch dims, then lhs free dims, then rhs free dims, as in JAX) and the axis bookkeeping
// that the kernel and the rules share.
import { ShapeError, ValueError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";

type Axes = readonly number[];

/** `[[lhsContracting, rhsContracting], [lhsBatch, rhsBatch]]`, as JAX's DotDimensionNumbers. */
export type DotDimensionNumbers = readonly [readonly [Axes, Axes], readonly [Axes, Axes]];

const tuple = (axes: Axes): string => `[${axes.join(", ")}]`;

/** JAX's spelling: `(([1], [0]), ([], []))`. */
export function dotDimensionNumbersStr([[lc, rc], [lb, rb]]: DotDimensionNumbers): string {
  return `((${tuple(lc)}, ${tuple(rc)}), (${tuple(lb)}, ${tuple(rb)}))`;
}

/** Checks the nesting of user-given dimension numbers, so a malformed value gets a clear error. */
export function checkDotDimensionNumbersForm(dn: unknown): DotDimensionNumbers {
  const isAxes = (x: unknown) => Array.isArray(x) && x.every((a) => typeof a === "number");
  const isPair = (x: unknown) => Array.isArray(x) && x.length === 2 && x.every(isAxes);
  if (!(Array.isArray(dn) && dn.length === 2 && dn.every(isPair))) {
    throw new ValueError(
      `dot_general: dimension_numbers must be [[lhsContracting, rhsContracting], [lhsBatch, rhsBatch]] (arrays of axes), ` +
        `got ${JSON.stringify(dn)}; for a matrix product write [[[1], [0]], [[], []]]`,
    );
  }
  return dn as unknown as DotDimensionNumbers;
}

/** Axes of an operand that are neither contracted nor batch, in increasing order. */
export function freeAxes(ndim: number, contracting: Axes, batch: Axes): number[] {
  const used = new Set([...contracting, ...batch]);
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => !used.has(i));
}

/** Validates the dimension numbers against the operands and returns the output shape. */
export function dotGeneralShape(lhs: ShapedArray, rhs: ShapedArray, dn: DotDimensionNumbers): number[] {
  const [[lc, rc], [lb, rb]] = dn;
  const context = `for operands ${lhs.str()} and ${rhs.str()} with dimension_numbers ${dotDimensionNumbersStr(dn)}`;
  const fail = (what: string, fix: string) => new ShapeError(`dot_general: ${what} ${context}; ${fix}`);

  const checkAxes = (side: string, axes: Axes, ndim: number, kind: string) => {
    for (const a of axes) {
      if (!Number.isInteger(a) || a < 0 || a >= ndim) {
        throw fail(
          `${side} ${kind} axis ${a} is out of range for rank ${ndim}`,
          `use axes in [0, ${ndim - 1}] (lax takes no negative axes)`,
        );
      }
    }
    if (new Set(axes).size !== axes.length)
      throw fail(`${side} ${kind} axes ${tuple(axes)} repeat an axis`, "list each axis once");
  };
  checkAxes("lhs", lc, lhs.ndim, "contracting");
  checkAxes("rhs", rc, rhs.ndim, "contracting");
  checkAxes("lhs", lb, lhs.ndim, "batch");
  checkAxes("rhs", rb, rhs.ndim, "batch");
  if (lc.length !== rc.length) {
    throw fail(
      `lhs and rhs need the same number of contracting axes, got ${tuple(lc)} and ${tuple(rc)}`,
      "pair each lhs contracting axis with one rhs axis",
    );
  }
  if (lb.length !== rb.length) {
    throw fail(
      `lhs and rhs need the same number of batch axes, got ${tuple(lb)} and ${tuple(rb)}`,
      "pair each lhs batch axis with one rhs axis",
    );
  }
  for (const [side, c, b] of [
    ["lhs", lc, lb],
    ["rhs", rc, rb],
  ] as const) {
    const both = c.filter((a) => b.includes(a));
    if (both.length)
      throw fail(
        `${side} axes ${tuple(both)} are both batch and contracting`,
        "an axis is either batch or contracting",
      );
  }
  const sizes = (x: ShapedArray, axes: Axes) => axes.map((a) => x.shape[a]!);
  const lbs = sizes(lhs, lb);
  const rbs = sizes(rhs, rb);
  if (lbs.some((s, i) => s !== rbs[i])) {
    throw fail(
      `batch dimensions must have equal sizes, got ${tuple(lbs)} and ${tuple(rbs)}`,
      "batch axes must match in size (broadcast the smaller operand first)",
    );
  }
  const lcs = sizes(lhs, lc);
  const rcs = sizes(rhs, rc);
  if (lcs.some((s, i) => s !== rcs[i])) {
    throw fail(
      `contracting dimensions must have equal sizes, got ${tuple(lcs)} and ${tuple(rcs)}`,
      "transpose an operand or choose axes whose sizes agree",
    );
  }
  return [...lbs, ...sizes(lhs, freeAxes(lhs.ndim, lc, lb)), ...sizes(rhs, freeAxes(rhs.ndim, rc, rb))];
}
