// The WGSL renderer: kernel IR to a compute shader. The only place that knows WGSL text (with the
// op table in ops.ts and the helper functions of lib-*.ts).
import type { Expr, Kernel, Stmt } from "../kernel-ir.js";
import { helperSource } from "./library.js";
import {
  binaryText,
  constText,
  convertText,
  loadText,
  storageElement,
  storeValueText,
  unaryText,
  type Need,
} from "./ops.js";
import "./lib-core.js";
import "./lib-exp-log.js";
import "./lib-trig.js";
import "./lib-special.js";
import "./lib-polygamma.js";

export interface RenderOptions {
  /** Invocations per workgroup (1-D). */
  readonly workgroupSize: number;
}

export interface RenderedKernel {
  readonly code: string;
  readonly entryPoint: string;
  readonly workgroupSize: number;
}

const ENTRY_POINT = "main";

class Renderer {
  readonly helpers = new Set<string>();
  usesLoopZero = false;
  readonly need: Need = (h) => this.helpers.add(h);

  constructor(private readonly kernel: Kernel) {}

  expr(e: Expr): string {
    switch (e.kind) {
      case "const":
        return constText(e.value, e.type, this.need);
      case "invocation":
        return "inv";
      case "ref":
        return `v_${e.name}`;
      case "load": {
        const storage = this.kernel.inputs[e.input];
        if (storage === undefined)
          throw new Error(`WGSL renderer: load from input ${e.input} of ${this.kernel.label} (internal error)`);
        return loadText(storage, `in${e.input}[${this.expr(e.index)}]`);
      }
      case "unary":
        return unaryText(e.op, e.x.type, this.expr(e.x), this.need);
      case "binary":
        return binaryText(e.op, e.a.type, this.expr(e.a), this.expr(e.b), e.b, this.need);
      case "select":
        return `select(${this.expr(e.onFalse)}, ${this.expr(e.onTrue)}, ${this.expr(e.cond)})`;
      case "convert":
        return convertText(e.x.type, e.type, this.expr(e.x), this.need);
      case "bitcast":
        return `bitcast<${e.type}>(${this.expr(e.x)})`;
      case "splat":
        return `vec4<f32>(${this.expr(e.x)})`;
      case "lane":
        return `${this.expr(e.x)}.${"xyzw"[e.lane]}`;
    }
  }

  stmts(body: readonly Stmt[], indent: string): string[] {
    return body.flatMap((s) => this.stmt(s, indent));
  }

  stmt(s: Stmt, indent: string): string[] {
    const inner = indent + "  ";
    switch (s.kind) {
      case "let":
        return [`${indent}let v_${s.name} = ${this.expr(s.value)};`];
      case "var":
        return [`${indent}var v_${s.name} = ${this.expr(s.value)};`];
      case "assign":
        return [`${indent}v_${s.name} = ${this.expr(s.value)};`];
      case "store": {
        const storage = this.kernel.outputs[s.output];
        if (storage === undefined)
          throw new Error(`WGSL renderer: store to output ${s.output} of ${this.kernel.label} (internal error)`);
        const value = storeValueText(storage, this.expr(s.value), this.need);
        return [`${indent}out${s.output}[${this.expr(s.index)}] = ${value};`];
      }
      case "loop": {
        const i = `v_${s.index}`;
        // A constant trip count invites the driver's compiler to unroll the loop completely, which
        // multiplies compile time (seconds on lavapipe) for little gain: hide it behind a runtime zero.
        const count = s.count.kind === "const" ? `(${this.expr(s.count)} + loop_zero)` : this.expr(s.count);
        if (s.count.kind === "const") this.usesLoopZero = true;
        return [
          `${indent}for (var ${i}: u32 = 0u; ${i} < ${count}; ${i} = ${i} + 1u) {`,
          ...this.stmts(s.body, inner),
          `${indent}}`,
        ];
      }
      case "if": {
        const head = [`${indent}if (${this.expr(s.cond)}) {`, ...this.stmts(s.then, inner)];
        const tail = s.otherwise.length ? [`${indent}} else {`, ...this.stmts(s.otherwise, inner)] : [];
        return [...head, ...tail, `${indent}}`];
      }
    }
  }
}

export function renderKernel(kernel: Kernel, options: RenderOptions): RenderedKernel {
  const r = new Renderer(kernel);
  const wg = options.workgroupSize;
  const body = r.stmts(kernel.body, "  ");
  const usesF16 = [...kernel.inputs, ...kernel.outputs].includes("f16");
  const bindings = [
    ...kernel.inputs.map((s, i) => `@group(0) @binding(${i}) var<storage, read> in${i}: array<${storageElement(s)}>;`),
    ...kernel.outputs.map(
      (s, j) =>
        `@group(0) @binding(${kernel.inputs.length + j}) var<storage, read_write> out${j}: array<${storageElement(s)}>;`,
    ),
  ];
  const helpers = helperSource(r.helpers);
  const code = [
    `// ${kernel.label}`,
    ...(usesF16 ? ["enable f16;"] : []),
    ...bindings,
    ...(helpers ? ["", helpers] : []),
    "",
    `@compute @workgroup_size(${wg})`,
    `fn ${ENTRY_POINT}(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {`,
    `  let inv = gid.x + gid.y * (groups.x * ${wg}u);`,
    `  if (inv >= ${kernel.sizeFree ? "arrayLength(&out0)" : `${kernel.invocations}u`}) { return; }`,
    // Zero at run time (no binding holds 2^32 - 1 elements), unknown to the compiler.
    ...(r.usesLoopZero ? ["  let loop_zero = select(0u, 1u, arrayLength(&out0) == 0xffffffffu);"] : []),
    ...body,
    "}",
    "",
  ].join("\n");
  return { code, entryPoint: ENTRY_POINT, workgroupSize: wg };
}
