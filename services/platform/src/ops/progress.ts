/**
 * Progress of a long replay: a bar redrawn in place on a terminal, a plain line every few seconds
 * otherwise (a log file or a CI job gets no control characters).
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr, everyMs = 5_000): { update(position: bigint, head: bigint): void; end(): void } {
  let lastLine = 0;
  let drawn = false;
  return {
    update(position, head) {
      const share = head > 0n ? Number((position * 1000n) / head) / 10 : 100;
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round((share / 100) * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${share.toFixed(1)}% position ${position} of ${head}`);
        drawn = true;
      } else if (Date.now() - lastLine >= everyMs) {
        lastLine = Date.now();
        stream.write(`${label}: position ${position} of ${head} (${share.toFixed(1)}%)\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
