// Plain-text table with right-aligned numeric columns, readable in a terminal and pasteable into
// markdown (the separators are markdown's).

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** ours / peer: above 1 means jax-ts is slower. */
export function formatRatio(ours: number, peer: number): string {
  const r = ours / peer;
  if (r >= 10) return `${r.toFixed(0)}x`;
  return r >= 0.01 ? `${r.toFixed(2)}x` : `${r.toPrecision(2)}x`;
}
