// The dot_general layouts the WebGPU dot tests and the matmul speed script name: A @ B, A @ B^T
// and A^T @ B as dimension numbers.
import type { DotDimensionNumbers } from "../../src/primitives/linalg/dot-dimension-numbers.js";

export const AB: DotDimensionNumbers = [
  [[1], [0]],
  [[], []],
];
export const ABT: DotDimensionNumbers = [
  [[1], [1]],
  [[], []],
];
export const ATB: DotDimensionNumbers = [
  [[0], [0]],
  [[], []],
];
