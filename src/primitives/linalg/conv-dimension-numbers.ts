// Convolution dimension numbers, as JAX's ConvDimensionNumbers: for each of lhs, rhs and output,
// the axis holding (batch, feature, spatial...) — for the rhs (out feature, in feature,
// spatial...). String specs ("NCHW", "OIHW", "NHWC", "HWIO", ...) map to those index tuples the way
// jax.lax.conv_dimension_numbers does: spatial axes are matched by letter, in rhs order.
import { ValueError } from "../../errors.js";
import { isPermutation } from "../../shape.js";

export interface ConvDimensionNumbers {
  readonly lhsSpec: readonly number[];
  readonly rhsSpec: readonly number[];
  readonly outSpec: readonly number[];
}

/**
 * What users may pass: index tuples, three spec strings (lhs, rhs, out), one string for the
 * lhs and output with the kernel in the matching layout ("NCHW" pairs with "OIHW", "NHWC" with
 * "HWIO"), or null for the default (NCHW, OIHW, NCHW and their 1-D/3-D analogues).
 */
export type ConvDimensionNumbersLike = ConvDimensionNumbers | readonly [string, string, string] | string | null;

const tuple = (xs: readonly number[]): string => `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;

/** As JAX prints it in a jaxpr. */
export function convDimensionNumbersStr(dn: ConvDimensionNumbers): string {
  return `ConvDimensionNumbers(lhs_spec=${tuple(dn.lhsSpec)}, rhs_spec=${tuple(dn.rhsSpec)}, out_spec=${tuple(dn.outSpec)})`;
}

function specError(detail: string, given: unknown): ValueError {
  return new ValueError(
    `conv_general_dilated: ${detail}, got dimension_numbers ${JSON.stringify(given)}; ` +
      `write them as ["NCHW", "OIHW", "NCHW"]-style strings (N batch, C feature, O/I kernel out/in feature, other letters spatial)`,
  );
}

/** The kernel layout that goes with a single lhs/out layout string (TensorFlow's pairing). */
function kernelSpecFor(spec: string): string {
  const spatial = [...spec].filter((c) => c !== "N" && c !== "C").join("");
  const channelsFirst = spec.indexOf("C") < Math.min(...[...spatial].map((c) => spec.indexOf(c)));
  return channelsFirst ? `OI${spatial}` : `${spatial}IO`;
}

/** jax.lax.conv_general_permutations: index tuples from three layout strings. */
function permutationsFromStrings(
  specs: readonly [string, string, string],
  ndim: number,
  given: unknown,
): ConvDimensionNumbers {
  const pairs = [
    ["N", "C"],
    ["O", "I"],
    ["N", "C"],
  ] as const;
  const names = ["lhs", "rhs", "out"];
  specs.forEach((spec, i) => {
    const [a, b] = pairs[i]!;
    const count = (c: string) => [...spec].filter((x) => x === c).length;
    if (count(a) !== 1 || count(b) !== 1)
      throw specError(`the ${names[i]} spec "${spec}" must contain '${a}' and '${b}' exactly once`, given);
    if (new Set(spec).size !== spec.length) throw specError(`the ${names[i]} spec "${spec}" repeats a letter`, given);
    if (spec.length !== ndim)
      throw specError(
        `the ${names[i]} spec "${spec}" has ${spec.length} letters but the operands have rank ${ndim}`,
        given,
      );
  });
  const spatialOf = (spec: string, i: number) => [...spec].filter((c) => c !== pairs[i]![0] && c !== pairs[i]![1]);
  const rhsSpatial = spatialOf(specs[1], 1);
  const sameSet = (xs: string[]) => xs.length === rhsSpatial.length && xs.every((c) => rhsSpatial.includes(c));
  if (!sameSet(spatialOf(specs[0], 0)) || !sameSet(spatialOf(specs[2], 2))) {
    throw specError("lhs, rhs and out specs must name the same spatial letters", given);
  }
  const perm = (spec: string, i: number): number[] => {
    const [a, b] = pairs[i]!;
    // Spatial axes are ordered as the rhs lists them, so window_strides[k] follows the kernel.
    return [spec.indexOf(a), spec.indexOf(b), ...rhsSpatial.map((c) => spec.indexOf(c))];
  };
  return { lhsSpec: perm(specs[0], 0), rhsSpec: perm(specs[1], 1), outSpec: perm(specs[2], 2) };
}

/** Canonical index-tuple dimension numbers for operands of rank `ndim`. */
export function convDimensionNumbers(ndim: number, dn: ConvDimensionNumbersLike | undefined): ConvDimensionNumbers {
  if (dn === null || dn === undefined) {
    const iota = Array.from({ length: ndim }, (_, i) => i);
    return { lhsSpec: iota, rhsSpec: iota, outSpec: iota };
  }
  let result: ConvDimensionNumbers;
  if (typeof dn === "string") {
    result = permutationsFromStrings([dn, kernelSpecFor(dn), dn], ndim, dn);
  } else if (Array.isArray(dn)) {
    if (dn.length !== 3 || !dn.every((s) => typeof s === "string"))
      throw specError("a list of specs must hold three strings (lhs, rhs, out)", dn);
    result = permutationsFromStrings(dn as readonly [string, string, string], ndim, dn);
  } else if (typeof dn === "object" && "lhsSpec" in dn && "rhsSpec" in dn && "outSpec" in dn) {
    result = { lhsSpec: [...dn.lhsSpec], rhsSpec: [...dn.rhsSpec], outSpec: [...dn.outSpec] };
  } else {
    throw specError("expected null, spec strings, or { lhsSpec, rhsSpec, outSpec }", dn);
  }
  for (const [name, spec] of [
    ["lhs", result.lhsSpec],
    ["rhs", result.rhsSpec],
    ["out", result.outSpec],
  ] as const) {
    if (!isPermutation(spec, ndim))
      throw specError(`the ${name} spec ${tuple(spec)} must be a permutation of the ${ndim} operand axes`, dn);
  }
  return result;
}

/** JAX's _conv_spec_transpose: swap the first two entries (batch <-> feature, out <-> in). */
export function swapSpec(spec: readonly number[]): number[] {
  return [spec[1]!, spec[0]!, ...spec.slice(2)];
}
