// Validation of dimension-number lists, shared by the gather and scatter shape rules. Every
// failure names the operation, the list, and the whole call (operands and params), so a user
// can see which of the five lists is wrong.
import { AxisError, type JaxError } from "../../errors.js";
import { tupleStr } from "./dimension-numbers.js";

type ErrorClass = new (message: string) => JaxError;

/** Builds errors that end with the call's operands and params and a hint how to fix them. */
export class CallContext {
  constructor(
    readonly op: string,
    /** "operand f32[3,4], indices i32[2,1], dimension_numbers=..., slice_sizes=(...)" */
    readonly call: string,
  ) {}

  error(cls: ErrorClass, problem: string, fix: string): JaxError {
    return new cls(`${this.op}: ${problem}; got ${this.call}; ${fix}`);
  }
}

export interface DimsRule {
  /** Must be in ascending order (JAX's sorted dimension lists). */
  sorted?: boolean;
}

/** Each entry an integer axis in [0, rank), none repeated, ascending where required. */
export function checkDims(
  ctx: CallContext,
  name: string,
  dims: readonly number[],
  rank: number,
  rule: DimsRule = {},
): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d >= rank) {
      throw ctx.error(
        AxisError,
        `${name} ${tupleStr(dims)} has the entry ${d}, outside [0, ${rank})`,
        `use axes in [0, ${rank})`,
      );
    }
  }
  if (new Set(dims).size !== dims.length) {
    throw ctx.error(AxisError, `${name} ${tupleStr(dims)} repeats an axis`, "list each axis once");
  }
  if (rule.sorted && dims.some((d, i) => i > 0 && d < dims[i - 1]!)) {
    throw ctx.error(AxisError, `${name} ${tupleStr(dims)} must be sorted`, `list them in ascending order`);
  }
}

export function checkDisjoint(
  ctx: CallContext,
  nameA: string,
  a: readonly number[],
  nameB: string,
  b: readonly number[],
): void {
  const shared = a.filter((d) => b.includes(d));
  if (shared.length > 0) {
    throw ctx.error(
      AxisError,
      `${nameA} ${tupleStr(a)} and ${nameB} ${tupleStr(b)} share the axes ${tupleStr(shared)}`,
      "an operand axis plays one role only",
    );
  }
}
