// Higher-order primitives: jit calls, control flow, custom differentiation rules.
export * from "./jit-call.js";
