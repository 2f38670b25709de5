/**
 * A client library's story as named steps: each keeps its result, or "FAILED: <error>", so one diff of
 * all the results shows every broken step at once instead of stopping at the first.
 */
export function storySteps() {
  const steps: Record<string, unknown> = {};
  async function step<T>(
    name: string,
    f: () => Promise<T>,
    keep: (r: T) => unknown = () => "ok",
  ): Promise<T | undefined> {
    try {
      const r = await f();
      steps[name] = keep(r);
      return r;
    } catch (e) {
      steps[name] = `FAILED: ${(e as Error).message}`;
      return undefined;
    }
  }
  return { steps, step };
}
