import { foldAccents } from '../../common/text/fold';

/**
 * Label similarity between a FAP 2021 family ("Ouvriers en peinture en bâtiment") and ROME labels or
 * appellations ("Peintre en bâtiment"), used to suggest crosswalk links that a person then confirms.
 *
 * Labels become sets of crude stems (no accents, no French stop words, plural and feminine endings
 * folded). Two stems match when equal or when they share a prefix of at least 5 letters covering most
 * of the shorter one ("peintr" ~ "peintur", "cuisin" ~ "cuisinier", but not "transport" ~ "transform").
 * The score is a Dice coefficient weighted by inverse document frequency, so that words found in
 * thousands of labels ("agent", "ouvrier") count less than "soudeur".
 */

const STOP_WORDS = new Set([
  'a', 'au', 'aux', 'avec', 'ce', 'ces', 'chez', 'd', 'dans', 'de', 'des', 'du', 'en', 'et', 'hors', 'l', 'la', 'le', 'les',
  'leur', 'leurs', 'non', 'ou', 'par', 'pour', 'qu', 'que', 'sans', 'se', 'son', 'sa', 'ses', 'sur', 'un', 'une', 'y',
  // Qualifiers of every FAP level: they say nothing about the occupation itself.
  'peu', 'qualifie', 'qualifies', 'cadre', 'cadres', 'assimile', 'assimiles', 'autre', 'autres',
]);

/** Feminine and derived endings folded onto the masculine form, longest first. */
const ENDINGS: readonly [string, string][] = [
  ['trices', 'teur'],
  ['trice', 'teur'],
  ['euses', 'eur'],
  ['euse', 'eur'],
  ['iennes', 'ien'],
  ['ienne', 'ien'],
  ['onnes', 'on'],
  ['onne', 'on'],
  ['eres', 'er'],
  ['ere', 'er'],
  ['ives', 'if'],
  ['ive', 'if'],
];

const MIN_SHARED_PREFIX = 5;
const MIN_PREFIX_COVERAGE = 0.75;

/** Lowercase, accents removed, ligatures split. */
export function foldText(text: string): string {
  return foldAccents(text).toLowerCase();
}

/** Crude French stem of one folded word: singular, masculine, final mute "e" dropped. */
export function stemWord(word: string): string {
  let stem = word;
  if (stem.length > 3 && /[sx]$/.test(stem)) stem = stem.slice(0, -1);
  for (const [ending, replacement] of ENDINGS) {
    if (stem.length > ending.length + 2 && stem.endsWith(ending)) {
      stem = stem.slice(0, -ending.length) + replacement;
      break;
    }
  }
  if (stem.length > 4 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}

/** The distinct stems of a label, stop words left out. */
export function labelStems(label: string): string[] {
  const stems = new Set<string>();
  for (const word of foldText(label).split(/[^a-z0-9]+/)) {
    if (word.length < 2 || STOP_WORDS.has(word) || /^[0-9]+$/.test(word)) continue;
    stems.add(stemWord(word));
  }
  return [...stems];
}

/** True when two stems denote the same word family. */
export function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < MIN_SHARED_PREFIX) return false;
  let shared = 0;
  while (shared < shorter && a.charCodeAt(shared) === b.charCodeAt(shared)) shared++;
  return shared >= MIN_SHARED_PREFIX && shared / shorter >= MIN_PREFIX_COVERAGE;
}

export interface LabelEntry {
  romeCode: string;
  label: string;
}

interface IndexedLabel extends LabelEntry {
  stems: string[];
}

export interface LabelIndex {
  labels: IndexedLabel[];
  /** Label positions per 4-letter stem prefix: only labels sharing one are scored. */
  byPrefix: Map<string, number[]>;
  documentFrequency: Map<string, number>;
}

export interface Suggestion {
  romeCode: string;
  /** Between 0 and 1. */
  score: number;
  /** The ROME label or appellation that scored best. */
  matchedLabel: string;
}

const prefixOf = (stem: string) => stem.slice(0, 4);

/** Indexes the labels and appellations of the ROME occupations once, for many queries. */
export function buildLabelIndex(entries: readonly LabelEntry[]): LabelIndex {
  const labels: IndexedLabel[] = [];
  const byPrefix = new Map<string, number[]>();
  const documentFrequency = new Map<string, number>();
  for (const entry of entries) {
    const stems = labelStems(entry.label);
    if (!stems.length) continue;
    const position = labels.push({ ...entry, stems }) - 1;
    const prefixes = new Set(stems.map(prefixOf));
    for (const prefix of prefixes) {
      const list = byPrefix.get(prefix);
      if (list) list.push(position);
      else byPrefix.set(prefix, [position]);
    }
    for (const stem of stems) documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
  }
  return { labels, byPrefix, documentFrequency };
}

function weightOf(index: LabelIndex, stem: string): number {
  return Math.log(1 + index.labels.length / (index.documentFrequency.get(stem) ?? 1));
}

/** Weighted Dice coefficient between two stem lists: matched weight over total weight. */
export function weightedDice(query: readonly string[], candidate: readonly string[], weight: (stem: string) => number): number {
  let total = 0;
  for (const stem of query) total += weight(stem);
  for (const stem of candidate) total += weight(stem);
  if (total === 0) return 0;
  let matched = 0;
  const used = new Set<number>();
  for (const stem of query) {
    const found = candidate.findIndex((other, i) => !used.has(i) && stemsMatch(stem, other));
    if (found === -1) continue;
    used.add(found);
    matched += weight(stem) + weight(candidate[found]);
  }
  return matched / total;
}

/**
 * ROME codes ranked by the similarity of their best label to the query label, best first; ties go to
 * the lower code so the order is stable. Codes in `exclude` are left out.
 */
export function rankOccupations(index: LabelIndex, query: string, limit: number, exclude: ReadonlySet<string> = new Set()): Suggestion[] {
  const queryStems = labelStems(query);
  if (!queryStems.length || limit <= 0) return [];
  const candidates = new Set<number>();
  for (const stem of queryStems) for (const position of index.byPrefix.get(prefixOf(stem)) ?? []) candidates.add(position);

  const weight = (stem: string) => weightOf(index, stem);
  const best = new Map<string, Suggestion>();
  for (const position of candidates) {
    const entry = index.labels[position];
    if (exclude.has(entry.romeCode)) continue;
    const score = weightedDice(queryStems, entry.stems, weight);
    if (score <= 0) continue;
    const current = best.get(entry.romeCode);
    if (!current || score > current.score) best.set(entry.romeCode, { romeCode: entry.romeCode, score, matchedLabel: entry.label });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || (a.romeCode < b.romeCode ? -1 : 1))
    .slice(0, limit)
    .map((s) => ({ ...s, score: Math.round(s.score * 1000) / 1000 }));
}
