// lax.Precision for the contractions. The CPU backend always accumulates floats in float64, so
// precision only travels through params (and jaxprs), as JAX's does on backends that ignore it.
import { ValueError } from "../../errors.js";

export type Precision = "DEFAULT" | "HIGH" | "HIGHEST";

/** A level, in either case, or one of JAX's dtype-style aliases. */
export type PrecisionLevel = Precision | Lowercase<Precision> | "fastest" | "bfloat16" | "tensorfloat32" | "float32";

/** What users may pass: one level for both operands, one per operand, or null. */
export type PrecisionLike = PrecisionLevel | readonly [PrecisionLevel, PrecisionLevel] | null;

/** Canonical form kept in params: null, or one level per operand (JAX's canonicalize_precision). */
export type CanonicalPrecision = readonly [Precision, Precision] | null;

const ALIASES: Record<string, Precision> = {
  default: "DEFAULT",
  fastest: "DEFAULT",
  bfloat16: "DEFAULT",
  high: "HIGH",
  tensorfloat32: "HIGH",
  highest: "HIGHEST",
  float32: "HIGHEST",
};

function level(op: string, p: unknown): Precision {
  const found = typeof p === "string" ? ALIASES[p.toLowerCase()] : undefined;
  if (found === undefined) {
    throw new ValueError(
      `${op}: unknown precision ${JSON.stringify(p)}; use null, "DEFAULT", "HIGH", "HIGHEST" (or "fastest", "bfloat16", "tensorfloat32", "float32"), or a pair of them`,
    );
  }
  return found;
}

export function canonicalizePrecision(op: string, precision: PrecisionLike | undefined): CanonicalPrecision {
  if (precision === null || precision === undefined) return null;
  if (typeof precision !== "string") {
    const pair: readonly unknown[] = precision;
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new ValueError(
        `${op}: precision must be a level or a pair of levels (one per operand), got ${JSON.stringify(pair)}`,
      );
    }
    return [level(op, pair[0]), level(op, pair[1])];
  }
  const p = level(op, precision);
  return [p, p];
}

/** As JAX prints it in a jaxpr. */
export function precisionStr(p: CanonicalPrecision): string {
  return p === null ? "None" : `(Precision.${p[0]}, Precision.${p[1]})`;
}
