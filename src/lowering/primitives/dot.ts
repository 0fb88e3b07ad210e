// dot_general as a register-tiled kernel: each invocation computes a tile of TM x TN outputs of
// one batch element, keeping TM*TN accumulators in registers (no workgroup memory: WEBGPU.md
// measured barriers as the bottleneck on lavapipe). Operands are read in place through their
// strides, whatever the dimension numbers. float32 operands whose layout allows it read four
// neighbours at once (dot-vec4.ts); everything else takes the scalar kernel below, loading TM
// lhs and TN rhs values per contracted index.
import type { DotGeneralParams } from "../../primitives/linalg/dot-general.js";
import {
  add,
  assign,
  binary,
  constant,
  convert,
  ifS,
  kernelProgram,
  letS,
  load,
  loop,
  lt,
  mul,
  ref,
  scalarType,
  storageType,
  store,
  u32,
  varS,
  type Expr,
  type ScalarType,
  type Stmt,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { axesOffset, dotGeometry, tileSetup, type DotGeometry } from "./dot-geometry.js";
import { vec4DotProgram } from "./dot-vec4.js";

/** acc + a * b in the accumulation type (or of ands for bool, as XLA's PRED dot). */
export function multiplyAdd(acc: Expr, a: Expr, b: Expr): Expr {
  if (acc.type === "bool") return binary("or", acc, binary("and", a, b));
  return add(acc, mul(a, b));
}

function scalarDotProgram(g: DotGeometry, tileRows: number, tileCols: number): ReturnType<Lowering> {
  const { lhs, rhs, out, B, M, N, K } = g;
  const TM = Math.min(tileRows, Math.max(M, 1));
  const TN = Math.min(tileCols, Math.max(N, 1));
  const [tilesM, tilesN] = [Math.ceil(M / TM), Math.ceil(N / TN)];
  const accType: ScalarType = scalarType(out.dtype);
  const [lType, rType] = [scalarType(lhs.dtype), scalarType(rhs.dtype)];

  const b = ref("b", "u32");
  const m0 = ref("m0", "u32");
  const n0 = ref("n0", "u32");
  const colOf = (j: number) => add(n0, u32(j));
  // Rows and columns past the edge read the last one (in bounds) and are not stored.
  const row = (i: number) => binary("min", add(m0, u32(i)), u32(M - 1));
  const col = (j: number) => binary("min", colOf(j), u32(N - 1));
  const setup: Stmt[] = [
    ...tileSetup(tilesM, tilesN, TM, TN),
    letS("lbase", axesOffset(b, lhs, g.lhsBatch)),
    letS("rbase", axesOffset(b, rhs, g.rhsBatch)),
  ];
  for (let i = 0; i < TM; i++) {
    setup.push(letS(`lrow${i}`, add(ref("lbase", "u32"), axesOffset(row(i), lhs, g.lhsFree))));
  }
  for (let j = 0; j < TN; j++) {
    setup.push(letS(`rcol${j}`, add(ref("rbase", "u32"), axesOffset(col(j), rhs, g.rhsFree))));
  }
  for (let i = 0; i < TM; i++) for (let j = 0; j < TN; j++) setup.push(varS(`acc${i}_${j}`, constant(0, accType)));

  const k = ref("k", "u32");
  const body: Stmt[] = [letS("lk", axesOffset(k, lhs, g.lhsContract)), letS("rk", axesOffset(k, rhs, g.rhsContract))];
  for (let i = 0; i < TM; i++) {
    body.push(letS(`a${i}`, convert(load(0, add(ref(`lrow${i}`, "u32"), ref("lk", "u32")), lType), accType)));
  }
  for (let j = 0; j < TN; j++) {
    body.push(letS(`b${j}`, convert(load(1, add(ref(`rcol${j}`, "u32"), ref("rk", "u32")), rType), accType)));
  }
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      const acc = ref(`acc${i}_${j}`, accType);
      body.push(assign(`acc${i}_${j}`, multiplyAdd(acc, ref(`a${i}`, accType), ref(`b${j}`, accType))));
    }
  }

  const stores: Stmt[] = [];
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      const [m, n] = [add(m0, u32(i)), colOf(j)];
      const at = add(mul(add(mul(b, u32(M)), m), u32(N)), n);
      const inside = binary("and", lt(m, u32(M)), lt(n, u32(N)));
      stores.push(ifS(inside, [store(0, at, ref(`acc${i}_${j}`, accType))]));
    }
  }

  return kernelProgram({
    label: "dot_general",
    inputs: [storageType(lhs.dtype), storageType(rhs.dtype)],
    outputs: [storageType(out.dtype)],
    invocations: M === 0 || N === 0 ? 0 : B * tilesM * tilesN,
    body: [...setup, loop("k", u32(K), body), ...stores],
  });
}

export const dotGeneralLowering: Lowering = ({ inAvals: [lhs, rhs], outAvals: [out], params, tuning }) => {
  const g = dotGeometry(lhs!, rhs!, out!, params as DotGeneralParams);
  const vec4 = tuning.dotVec4 ? vec4DotProgram(g, tuning.dotTileRows, tuning.dotTileCols) : null;
  return vec4 ?? scalarDotProgram(g, tuning.dotTileRows, tuning.dotTileCols);
};
