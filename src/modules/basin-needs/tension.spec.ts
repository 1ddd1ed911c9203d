import { TENSION_LABELS, tensionLevel, tensionOf } from './tension';

describe('tension', () => {
  it('shrinks small samples toward 50 %, so 3 difficult out of 3 ranks below 120 out of 150', () => {
    expect(tensionOf(3, 3)).toBe(0.6154);
    expect(tensionOf(120, 150)).toBe(0.7813);
    expect(tensionOf(3, 3)!).toBeLessThan(tensionOf(120, 150)!);
  });

  it('tends to the raw share as volume grows', () => {
    expect(tensionOf(7000, 10000)).toBeCloseTo(0.7, 3);
  });

  it('is unknown when either figure is secret, and undefined without projects', () => {
    expect(tensionOf(null, 10)).toBeNull();
    expect(tensionOf(4, null)).toBeNull();
    expect(tensionOf(0, 0)).toBeNull();
  });

  it('never reads a handful of projects as tension by itself', () => {
    expect(tensionLevel(tensionOf(0, 1))).toBe('low');
    expect(tensionLevel(tensionOf(1, 2))).toBe('low');
    expect(tensionLevel(tensionOf(1, 1))).toBe('moderate');
  });

  it.each([
    [0.6, 'strong'],
    [0.7308, 'strong'],
    [0.5999, 'moderate'],
    [0.5001, 'moderate'],
    [0.5, 'low'],
    [0, 'low'],
    [null, 'unknown'],
  ] as const)('reads %p as %s', (value, level) => {
    expect(tensionLevel(value)).toBe(level);
  });

  it('labels every level in French', () => {
    expect(TENSION_LABELS).toEqual({ strong: 'Forte', moderate: 'Moyenne', low: 'Faible', unknown: 'Inconnue (secret statistique)', not_reported: 'Aucun projet recensé' });
  });
});
