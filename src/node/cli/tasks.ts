export type Outcome<T> = { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };

/**
 * Runs async tasks with at most `limit` in flight (so a batch of hundreds of images is not all in
 * memory at once) and returns their outcomes in input order; a failure does not stop the others.
 */
export async function runLimited<T>(
  tasks: Array<() => Promise<T>>, limit: number, onSettled: (index: number, outcome: Outcome<T>) => void,
): Promise<Outcome<T>[]> {
  const outcomes: Outcome<T>[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      const t0 = performance.now();
      let outcome: Outcome<T>;
      try {
        outcome = { ok: true, value: await tasks[i]!(), ms: performance.now() - t0 };
      } catch (error) {
        outcome = { ok: false, error, ms: performance.now() - t0 };
      }
      outcomes[i] = outcome;
      onSettled(i, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return outcomes;
}
