// Work on many concerns at once, but within a limit: the server and the worker answer each
// request, so a report or an export of thousands must not send them all together.
export type Progress = (done: number, total: number) => void;

export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
  progress: Progress = () => undefined,
): Promise<void> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < items.length) {
      await fn(items[next++]);
      progress(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
