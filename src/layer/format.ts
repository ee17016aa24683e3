/** How values appear in error messages. */

export const fmtShape = (shape: readonly unknown[]): string => `[${shape.map(String).join(', ')}]`;

/** A short rendering of any value the caller passed. */
export function show(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The kind of a value: 'null', 'number', 'Float32Array', … */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'object';
}
