import type { PrimitiveSpec } from "./spec.js";

export const linalgSpecs: PrimitiveSpec[] = [];
