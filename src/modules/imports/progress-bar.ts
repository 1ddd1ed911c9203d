import type { ImportProgress } from './importer';

const WIDTH = 30;
const REDRAW_MS = 80;
const numberFormat = new Intl.NumberFormat('fr-FR');

/**
 * A progress bar on a terminal (redrawn in place, at most every 80 ms); on a pipe or a file, only the
 * phase names, so logs stay readable.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ImportProgress & { finish(): void } {
  const tty = Boolean(stream.isTTY);
  let label = '';
  let total = 0;
  let done = 0;
  let lastDraw = 0;
  let drawn = false;

  const draw = (force = false) => {
    if (!tty || !total) return;
    const now = Date.now();
    if (!force && now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    stream.write(
      `\r${label.padEnd(12)} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)} % ` +
        `${numberFormat.format(done)} / ${numberFormat.format(total)}\u001b[K`,
    );
    drawn = true;
  };
  const endLine = () => {
    if (drawn) stream.write('\n');
    drawn = false;
  };

  return {
    phase(nextLabel: string, nextTotal = 0) {
      draw(true);
      endLine();
      label = nextLabel;
      total = nextTotal;
      done = 0;
      if (!tty || !total) stream.write(`${label}…\n`);
      else draw(true);
    },
    advance(count = 1) {
      done += count;
      draw();
    },
    finish() {
      draw(true);
      endLine();
    },
  };
}

/** Progress that shows nothing, for tests and programmatic imports. */
export const SILENT_PROGRESS: ImportProgress = { phase: () => undefined, advance: () => undefined };
