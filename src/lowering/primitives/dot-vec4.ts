// float32 dot_general kernels that read four neighbouring elements per load (vec4), when the
// layout allows (dot-geometry.ts's readsAsVec4):
// - "rows": the rhs's free axes are its trailing axes (a row-major [K, N] rhs, N % 4 == 0). Each
//   invocation owns TM rows by 4*TNV columns of the output as vec4 accumulators, adding
//   a[m, k] * b[k, n..n+3] per contracted index; when the lhs's contracted axes are trailing too
//   (a row-major [M, K] lhs, K % 4 == 0), it loads a[m, k..k+3] at once and walks those four k.
// - "dots": both operands have their contracted axes trailing (A @ B^T, K % 4 == 0). Each
//   invocation owns TM x TN scalar outputs and adds dot(a[m, k..k+3], b[n, k..k+3]).
// Measured on lavapipe (docs/webgpu.md) against the scalar kernel. The "rows" form keeps the
// scalar kernel's order of additions; "dots" adds pairs within each group of four first.
import {
  add,
  assign,
  binary,
  constant,
  ifS,
  kernelProgram,
  lane,
  letS,
  load,
  loop,
  lt,
  mul,
  ref,
  splat,
  store,
  u32,
  varS,
  type Expr,
  type Program,
  type Stmt,
} from "../kernel-ir.js";
import { axesOffset, readsAsVec4, tileSetup, type DotGeometry } from "./dot-geometry.js";

const V = "vec4f";

function rowsProgram(g: DotGeometry, tileRows: number, tileCols: number): Program {
  const { lhs, rhs, B, M, N, K } = g;
  const lhsVec = readsAsVec4(lhs, g.lhsContract);
  const lhsGroup = lhsVec ? 4 : 1;
  const NV = N / 4;
  const TM = Math.min(tileRows, M);
  const TNV = Math.max(1, Math.min(Math.floor(tileCols / 4), NV));
  const [tilesM, tilesN] = [Math.ceil(M / TM), Math.ceil(NV / TNV)];
  const [b, m0, n0] = [ref("b", "u32"), ref("m0", "u32"), ref("n0", "u32")];
  const acc = (i: number, j: number) => ref(`acc${i}_${j}`, V);

  const setup: Stmt[] = [
    ...tileSetup(tilesM, tilesN, TM, TNV),
    letS("lbase", axesOffset(b, lhs, g.lhsBatch, lhsGroup)),
    letS("rbase", axesOffset(b, rhs, g.rhsBatch, 4)),
  ];
  // Rows and columns past the edge read the last one (in bounds) and are not stored.
  for (let i = 0; i < TM; i++) {
    const row = binary("min", add(m0, u32(i)), u32(M - 1));
    setup.push(letS(`lrow${i}`, add(ref("lbase", "u32"), axesOffset(row, lhs, g.lhsFree, lhsGroup))));
  }
  for (let j = 0; j < TNV; j++) setup.push(letS(`rcol${j}`, binary("min", add(n0, u32(j)), u32(NV - 1))));
  for (let i = 0; i < TM; i++) for (let j = 0; j < TNV; j++) setup.push(varS(`acc${i}_${j}`, constant(0, V)));

  /** The statements adding a[row i] * b[k, tile columns] for every row, `a(i)` being an f32. */
  const accumulate = (k: Expr, a: (i: number) => Expr, tag: string): Stmt[] => {
    const stmts: Stmt[] = [letS(`rk${tag}`, add(ref("rbase", "u32"), axesOffset(k, rhs, g.rhsContract, 4)))];
    for (let j = 0; j < TNV; j++) {
      stmts.push(letS(`b${tag}_${j}`, load(1, add(ref(`rk${tag}`, "u32"), ref(`rcol${j}`, "u32")), V)));
    }
    for (let i = 0; i < TM; i++) {
      for (let j = 0; j < TNV; j++) {
        stmts.push(assign(`acc${i}_${j}`, add(acc(i, j), mul(splat(a(i)), ref(`b${tag}_${j}`, V)))));
      }
    }
    return stmts;
  };

  let main: Stmt;
  if (lhsVec) {
    const kq = ref("kq", "u32");
    const body: Stmt[] = [];
    for (let i = 0; i < TM; i++) body.push(letS(`a${i}`, load(0, add(ref(`lrow${i}`, "u32"), kq), V)));
    for (let kk = 0; kk < 4; kk++) {
      body.push(...accumulate(add(mul(kq, u32(4)), u32(kk)), (i) => lane(ref(`a${i}`, V), kk), String(kk)));
    }
    main = loop("kq", u32(K / 4), body);
  } else {
    const k = ref("k", "u32");
    const body: Stmt[] = [letS("lk", axesOffset(k, lhs, g.lhsContract))];
    for (let i = 0; i < TM; i++)
      body.push(letS(`a${i}`, load(0, add(ref(`lrow${i}`, "u32"), ref("lk", "u32")), "f32")));
    body.push(...accumulate(k, (i) => ref(`a${i}`, "f32"), ""));
    main = loop("k", u32(K), body);
  }

  const stores: Stmt[] = [];
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TNV; j++) {
      const [m, n] = [add(m0, u32(i)), add(n0, u32(j))];
      const inside = binary("and", lt(m, u32(M)), lt(n, u32(NV)));
      stores.push(ifS(inside, [store(0, add(mul(add(mul(b, u32(M)), m), u32(NV)), n), acc(i, j))]));
    }
  }
  return kernelProgram({
    label: "dot_general",
    inputs: [lhsVec ? V : "f32", V],
    outputs: [V],
    invocations: B * tilesM * tilesN,
    body: [...setup, main, ...stores],
  });
}

function dotsProgram(g: DotGeometry, tileRows: number, tileCols: number): Program {
  const { lhs, rhs, B, M, N, K } = g;
  const TM = Math.min(tileRows, M);
  const TN = Math.min(tileCols, N);
  const [tilesM, tilesN] = [Math.ceil(M / TM), Math.ceil(N / TN)];
  const [b, m0, n0] = [ref("b", "u32"), ref("m0", "u32"), ref("n0", "u32")];
  const setup: Stmt[] = [
    ...tileSetup(tilesM, tilesN, TM, TN),
    letS("lbase", axesOffset(b, lhs, g.lhsBatch, 4)),
    letS("rbase", axesOffset(b, rhs, g.rhsBatch, 4)),
  ];
  for (let i = 0; i < TM; i++) {
    const row = binary("min", add(m0, u32(i)), u32(M - 1));
    setup.push(letS(`lrow${i}`, add(ref("lbase", "u32"), axesOffset(row, lhs, g.lhsFree, 4))));
  }
  for (let j = 0; j < TN; j++) {
    const col = binary("min", add(n0, u32(j)), u32(N - 1));
    setup.push(letS(`rcol${j}`, add(ref("rbase", "u32"), axesOffset(col, rhs, g.rhsFree, 4))));
  }
  for (let i = 0; i < TM; i++) for (let j = 0; j < TN; j++) setup.push(varS(`acc${i}_${j}`, constant(0, "f32")));

  const kq = ref("kq", "u32");
  const body: Stmt[] = [];
  for (let i = 0; i < TM; i++) body.push(letS(`a${i}`, load(0, add(ref(`lrow${i}`, "u32"), kq), V)));
  for (let j = 0; j < TN; j++) body.push(letS(`b${j}`, load(1, add(ref(`rcol${j}`, "u32"), kq), V)));
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      const p = ref(`p${i}_${j}`, V);
      body.push(letS(`p${i}_${j}`, mul(ref(`a${i}`, V), ref(`b${j}`, V))));
      const sum = add(add(lane(p, 0), lane(p, 1)), add(lane(p, 2), lane(p, 3)));
      body.push(assign(`acc${i}_${j}`, add(ref(`acc${i}_${j}`, "f32"), sum)));
    }
  }

  const stores: Stmt[] = [];
  for (let i = 0; i < TM; i++) {
    for (let j = 0; j < TN; j++) {
      const [m, n] = [add(m0, u32(i)), add(n0, u32(j))];
      const inside = binary("and", lt(m, u32(M)), lt(n, u32(N)));
      stores.push(ifS(inside, [store(0, add(mul(add(mul(b, u32(M)), m), u32(N)), n), ref(`acc${i}_${j}`, "f32"))]));
    }
  }
  return kernelProgram({
    label: "dot_general",
    inputs: [V, V],
    outputs: ["f32"],
    invocations: B * tilesM * tilesN,
    body: [...setup, loop("kq", u32(K / 4), body), ...stores],
  });
}

/** A vec4 kernel for this dot_general, or null when its dtypes or layout need the scalar one. */
export function vec4DotProgram(g: DotGeometry, tileRows: number, tileCols: number): Program | null {
  const allF32 = [g.lhs, g.rhs, g.out].every((a) => a.dtype === "float32");
  // Empty operands would bind buffers shorter than one vec4 group.
  if (!allF32 || g.M === 0 || g.N === 0 || g.K === 0) return null;
  if (readsAsVec4(g.rhs, g.rhsFree)) return rowsProgram(g, tileRows, tileCols);
  if (readsAsVec4(g.lhs, g.lhsContract) && readsAsVec4(g.rhs, g.rhsContract)) return dotsProgram(g, tileRows, tileCols);
  return null;
}
