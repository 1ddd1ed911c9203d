import { createProgressBar } from './progress-bar';

/** A stand-in for process.stderr that keeps what was written. */
function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (chunk: string) => writes.push(chunk) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, output: () => writes.join('') };
}

describe('createProgressBar', () => {
  afterEach(() => jest.useRealTimers());

  it('draws a bar in place on a terminal and ends each phase on its own line', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const { stream, output } = fakeStream(true);
    const bar = createProgressBar(stream);
    bar.phase('Validation', 2000);
    bar.advance(500);
    jest.advanceTimersByTime(100);
    bar.advance(500);
    expect(output()).toContain('\rValidation');
    expect(output()).toMatch(/\[█{15}░{15}\]  50 % 1\u202f000 \/ 2\u202f000/);
    bar.advance(1000);
    bar.phase('Écriture');
    expect(output()).toMatch(/100 % 2\u202f000 \/ 2\u202f000\u001b\[K\nÉcriture…\n$/);
    bar.finish();
    expect(output().endsWith('\n')).toBe(true);
  });

  it('redraws at most every 80 ms', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const { stream, output } = fakeStream(true);
    const bar = createProgressBar(stream);
    bar.phase('Validation', 100);
    const drawsAfterPhase = output().split('\r').length;
    for (let i = 0; i < 50; i++) bar.advance();
    expect(output().split('\r').length).toBe(drawsAfterPhase);
    bar.finish();
    expect(output()).toMatch(/ 50 % 50 \/ 100\u001b\[K\n$/);
  });

  it('writes only the phase names on a pipe or a file, without control characters', () => {
    const { stream, output } = fakeStream(false);
    const bar = createProgressBar(stream);
    bar.phase('Lecture');
    bar.phase('Validation', 1000);
    for (let i = 0; i < 1000; i++) bar.advance();
    bar.phase('Écriture');
    bar.finish();
    expect(output()).toBe('Lecture…\nValidation…\nÉcriture…\n');
  });
});
