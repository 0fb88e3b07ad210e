import type { PrimitiveSpec } from "./spec.js";

export const randomSpecs: PrimitiveSpec[] = [];
