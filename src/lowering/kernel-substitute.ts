// Rewrites a kernel's reads of one input into computed values: how a reduction absorbs the
// elementwise chain that produces its operand (the chain is evaluated at each position the
// reduction reads, instead of being stored and loaded back).
import type { Expr, Stmt } from "./kernel-ir.js";

/** What replaces one load: statements to run first, and the value. */
export type LoadReplacement = (index: Expr, site: number) => { stmts: Stmt[]; value: Expr };

/** `body` with every load of `input` replaced; the replacement's statements go before the statement reading it. */
export function substituteLoads(body: readonly Stmt[], input: number, replace: LoadReplacement): Stmt[] {
  let site = 0;
  const expr = (e: Expr, pre: Stmt[]): Expr => {
    switch (e.kind) {
      case "const":
      case "invocation":
      case "ref":
        return e;
      case "load": {
        const index = expr(e.index, pre);
        if (e.input !== input) return { ...e, index };
        const r = replace(index, site++);
        pre.push(...r.stmts);
        return r.value;
      }
      case "unary":
      case "convert":
      case "bitcast":
      case "splat":
      case "lane":
        return { ...e, x: expr(e.x, pre) } as Expr;
      case "binary":
        return { ...e, a: expr(e.a, pre), b: expr(e.b, pre) };
      case "select":
        return { ...e, cond: expr(e.cond, pre), onTrue: expr(e.onTrue, pre), onFalse: expr(e.onFalse, pre) };
    }
  };
  const stmts = (list: readonly Stmt[]): Stmt[] =>
    list.flatMap((s): Stmt[] => {
      const pre: Stmt[] = [];
      let rewritten: Stmt;
      switch (s.kind) {
        case "let":
        case "var":
        case "assign":
          rewritten = { ...s, value: expr(s.value, pre) };
          break;
        case "store":
          rewritten = { ...s, index: expr(s.index, pre), value: expr(s.value, pre) };
          break;
        case "loop":
          rewritten = { ...s, count: expr(s.count, pre), body: stmts(s.body) };
          break;
        case "if":
          rewritten = { ...s, cond: expr(s.cond, pre), then: stmts(s.then), otherwise: stmts(s.otherwise) };
          break;
      }
      return [...pre, rewritten];
    });
  return stmts(body);
}
