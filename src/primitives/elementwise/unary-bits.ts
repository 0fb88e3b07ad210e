// Bit-counting primitives on integers: population_count and clz (count leading zeros). Their
// outputs are integers, so their tangents are symbolic zeros.
import type { JaxArray } from "../../tracing/array.js";
import { defineUnary, unaryOp } from "./define.js";
import { popcount32 } from "./unary-kernels.js";

type UnaryFn = (x: JaxArray) => JaxArray;

export const populationCountP = defineUnary({ name: "population_count", accepts: "integer", f: popcount32 });
export const clzP = defineUnary({ name: "clz", accepts: "integer", f: (x) => Math.clz32(x) });

export const populationCount: UnaryFn = unaryOp(populationCountP);
export const clz: UnaryFn = unaryOp(clzP);
