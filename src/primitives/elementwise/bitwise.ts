// Bitwise primitives: and/or/xor/not on bool and integers, shifts on integers.
//
// Shifts follow XLA: the shift amount is read as unsigned, so amounts >= 32 (negative ones too)
// shift every bit out: 0 for shift_left and shift_right_logical, the sign bit repeated for
// shift_right_arithmetic. Both right shifts act on the bit pattern, whatever the signedness
// (shift_right_arithmetic of uint32 0x80000000 by 1 is 0xC0000000).
import { allocTyped, isBool } from "../../dtypes.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { checkDTypeClass, elementwiseOut, unaryBatch, zeroJvp } from "../rules.js";
import { binaryOp, defineLaxBinary, type NoParams, type ScalarKernel } from "./binary-define.js";

// Int32Array and Uint32Array stores wrap any 32-bit pattern the JS operators produce.
const same = (f: ScalarKernel) => (): ScalarKernel => f;

export const andP = defineLaxBinary({
  name: "and",
  jnpName: "bitwiseAnd",
  accepts: "intOrBool",
  kernel: same((a, b) => a & b),
  jvp: "zero",
});
export const orP = defineLaxBinary({
  name: "or",
  jnpName: "bitwiseOr",
  accepts: "intOrBool",
  kernel: same((a, b) => a | b),
  jvp: "zero",
});
export const xorP = defineLaxBinary({
  name: "xor",
  jnpName: "bitwiseXor",
  accepts: "intOrBool",
  kernel: same((a, b) => a ^ b),
  jvp: "zero",
});

export const notP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "not",
  abstractEval([x]) {
    checkDTypeClass("not", x!, "intOrBool");
    return [elementwiseOut([x!])];
  },
  impl([x], _params, [out]) {
    const result = allocTyped(out!.dtype, x!.data.length);
    const flip = isBool(x!.dtype) ? (v: number) => v ^ 1 : (v: number) => ~v;
    for (let i = 0; i < result.length; i++) result[i] = flip(x!.data[i]!);
    return [result];
  },
  jvp: (primals, tangents, params) => zeroJvp(notP)(primals, tangents, params),
  batch: (args, dims, params) => unaryBatch(notP)(args, dims, params),
});

const shiftedOut = (s: number): boolean => s >>> 0 >= 32;

export const shiftLeftP = defineLaxBinary({
  name: "shift_left",
  jnpName: "leftShift",
  accepts: "integer",
  kernel: same((a, s) => (shiftedOut(s) ? 0 : a << s)),
  jvp: "zero",
});

export const shiftRightLogicalP = defineLaxBinary({
  name: "shift_right_logical",
  jnpName: "rightShift",
  accepts: "integer",
  kernel: same((a, s) => (shiftedOut(s) ? 0 : a >>> s)),
  jvp: "zero",
});

export const shiftRightArithmeticP = defineLaxBinary({
  name: "shift_right_arithmetic",
  jnpName: "rightShift",
  accepts: "integer",
  // `>>` reads its left operand as int32, so uint32 patterns shift arithmetically too.
  kernel: same((a, s) => (shiftedOut(s) ? (a | 0) >> 31 : a >> s)),
  jvp: "zero",
});

export const bitwiseAnd = binaryOp(andP);
export const bitwiseOr = binaryOp(orP);
export const bitwiseXor = binaryOp(xorP);
export const bitwiseNot = (x: JaxArray): JaxArray => bind1(notP, [x], {});
export const shiftLeft = binaryOp(shiftLeftP);
export const shiftRightLogical = binaryOp(shiftRightLogicalP);
export const shiftRightArithmetic = binaryOp(shiftRightArithmeticP);
