// Progress for commands that take more than a moment: on stderr, and only on a terminal, so that
// --json output and redirected output stay clean.
export function terminalProgress(
  label: string,
  every = 25,
): { update: (done: number, total: number) => void; end: () => void } {
  const tty = process.stderr.isTTY;
  let shown = false;
  return {
    update(done, total) {
      if (!tty || (done !== total && done % every !== 0)) return;
      process.stderr.write(`\r${label}: ${done}/${total}`);
      shown = true;
    },
    end() {
      if (shown) process.stderr.write('\n');
    },
  };
}
