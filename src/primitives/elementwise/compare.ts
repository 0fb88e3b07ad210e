// Comparison primitives: bool output for operands of any one dtype. Float comparisons are IEEE's
// (NaN compares false, except under ne; -0 equals +0); uint32 compares as unsigned.
import type { DType } from "../../dtypes.js";
import { binaryOp, defineLaxBinary, type ScalarKernel } from "./binary-define.js";

const toBool =
  (f: (a: number, b: number) => boolean): (() => ScalarKernel) =>
  () =>
  (a, b) =>
    f(a, b) ? 1 : 0;
const bool = (): DType => "bool";

function defineComparison(name: string, jnpName: string, test: (a: number, b: number) => boolean) {
  return defineLaxBinary({ name, jnpName, accepts: "any", outDtype: bool, kernel: toBool(test), jvp: "zero" });
}

export const eqP = defineComparison("eq", "equal", (a, b) => a === b);
export const neP = defineComparison("ne", "notEqual", (a, b) => a !== b);
export const ltP = defineComparison("lt", "less", (a, b) => a < b);
export const leP = defineComparison("le", "lessEqual", (a, b) => a <= b);
export const gtP = defineComparison("gt", "greater", (a, b) => a > b);
export const geP = defineComparison("ge", "greaterEqual", (a, b) => a >= b);

export const eq = binaryOp(eqP);
export const ne = binaryOp(neP);
export const lt = binaryOp(ltP);
export const le = binaryOp(leP);
export const gt = binaryOp(gtP);
export const ge = binaryOp(geP);
