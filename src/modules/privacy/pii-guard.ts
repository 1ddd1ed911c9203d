import { FIRST_NAMES, firstNameKey } from './french-first-names';
import { FoldedText, foldText, originalSpan } from './folded-text';

/**
 * PII guard for the free text that counsellors write in a candidate profile (project, skills, notes
 * meant for employers). DESIGN.md §2 forbids names, birth dates, contact details, the NIR and the
 * numéro d'écrou, and keeps the establishment internal; this module finds what looks like them so that
 * the profile editor can highlight each finding with its reason, and publishing can refuse until the
 * text is fixed or the counsellor overrides with an audited justification.
 *
 * `checkFreeText` is pure and synchronous: no I/O, no logging (the text itself is personal data).
 * It runs every detector on an accent-folded copy of the text (so "Mégane", "Megane" and "MÉGANE" meet)
 * and reports spans of the original text. Every pattern is anchored on a bounded prefix and has no
 * nested unbounded repetition, so the whole check is linear in the text length.
 *
 * The detectors lean towards recall where the data is unambiguous (phones, e-mails, NIR, écrou) and
 * towards precision for names and dates, where counsellor prose is full of capitalised common words
 * ("Pierre et bois", "Claire motivation", "France Travail") and of dates that say nothing about anyone
 * ("Disponible en mars 2027"). Findings are warnings, not proof: the counsellor decides.
 */

export type PiiKind =
  | 'first_name'
  | 'phone'
  | 'email'
  | 'address'
  | 'birth_date'
  | 'nir'
  | 'ecrou'
  | 'establishment'
  | 'date';

export interface PiiFinding {
  kind: PiiKind;
  /** UTF-16 offset of the first character in the original text. */
  start: number;
  /** UTF-16 offset just past the last character. */
  end: number;
  /** The original text of the span. */
  excerpt: string;
  /** Why it is flagged, in French, shown next to the highlighted span. */
  reason: string;
}

export interface PiiContext {
  /** Names of establishments to look for, e.g. the candidate's own ("Centre pénitentiaire de Poitiers-Vivonne", "CP POITIERS VIVONNE"). */
  establishmentNames?: readonly string[];
}

export const PII_REASONS = {
  firstName: 'Prénom : désignez la personne par « le candidat » ou « la candidate », jamais par son nom.',
  civility: 'Nom de personne après une civilité : aucun nom ne doit figurer dans le profil.',
  namedByCue: 'Prénom ou surnom : aucun nom ne doit figurer dans le profil.',
  phone: 'Numéro de téléphone : aucune coordonnée ne doit figurer dans le profil.',
  email: 'Adresse e-mail : aucune coordonnée ne doit figurer dans le profil.',
  streetAddress: 'Adresse postale : indiquez au plus la commune ou le bassin d’emploi visé.',
  postcode: 'Code postal et commune : préférez le bassin d’emploi ou le département.',
  birthDate: 'Date ou année de naissance : l’âge est déjà donné par la tranche d’âge du profil.',
  date: 'Date complète : si elle concerne la personne (audience, libération, naissance), indiquez plutôt le mois ou le semestre.',
  nirValidKey: 'Numéro de sécurité sociale (NIR, clé de contrôle valide) : il ne doit jamais figurer dans Passerelle.',
  nirBadKey: 'Numéro ressemblant à un NIR (15 chiffres, clé de contrôle non conforme) : retirez-le par précaution.',
  nirNoKey: 'Numéro ressemblant à un NIR sans sa clé (13 chiffres) : il ne doit jamais figurer dans Passerelle.',
  ecrou: 'Numéro d’écrou : il ne doit jamais figurer dans Passerelle.',
  establishment: 'Établissement pénitentiaire : il reste interne et ne doit pas apparaître dans le texte visible des employeurs.',
} as const;

/** When two findings overlap, the most specific kind is kept (then the longer span). */
const SPECIFICITY: Readonly<Record<PiiKind, number>> = {
  nir: 9,
  ecrou: 9,
  email: 8,
  phone: 8,
  birth_date: 7,
  address: 6,
  establishment: 5,
  first_name: 4,
  date: 3,
};

interface Candidate {
  kind: PiiKind;
  start: number;
  end: number;
  reason: string;
}

/** Finds what looks like personal data in `text`; findings sorted by start, never overlapping. */
export function checkFreeText(text: string, context: PiiContext = {}): PiiFinding[] {
  if (text.length === 0) return [];
  const folded = foldText(text);
  const candidates: Candidate[] = [];
  const add = (kind: PiiKind, foldedStart: number, foldedEnd: number, reason: string): void => {
    if (foldedEnd <= foldedStart) return;
    candidates.push({ kind, ...originalSpan(folded, foldedStart, foldedEnd), reason });
  };
  detectEmails(folded, add);
  detectPhones(folded, add);
  detectNirs(folded, add);
  detectEcrous(folded, add);
  detectBirthDates(folded, add);
  detectDates(folded, add);
  detectAddresses(folded, add);
  detectEstablishments(folded, context.establishmentNames ?? [], add);
  detectNames(folded, add);
  return resolveOverlaps(text, candidates);
}

type Add = (kind: PiiKind, foldedStart: number, foldedEnd: number, reason: string) => void;

/** Case-insensitive source for a lowercase ASCII phrase, for patterns that also need case (capitalised names). */
function ci(phrase: string): string {
  return phrase.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

/**
 * A global Unicode pattern whose literal spaces match any white space, so that a phone number or an
 * address broken by a line wrap is still found.
 */
function pattern(source: string): RegExp {
  return new RegExp(source.replace(/ /g, '\\s'), 'gu');
}

function* matches(pattern: RegExp, subject: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(subject)) !== null) {
    yield match;
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
}

// ---------------------------------------------------------------------------------------------- contact

const EMAIL = pattern(/(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/u.source);

function detectEmails(text: FoldedText, add: Add): void {
  for (const match of matches(EMAIL, text.folded)) add('email', match.index, match.index + match[0].length, PII_REASONS.email);
}

/** French numbers (0X or +33 / 0033, any grouping with spaces, dots or dashes) and other international ones. */
const PHONE = pattern(/(?<![\p{N}+])(?:(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?|0)[1-9](?:[ .-]?\d){8}|\+(?!33)[1-9]\d{0,2}(?:[ .-]?\d){8,11})(?!\p{N})/u.source);

function detectPhones(text: FoldedText, add: Add): void {
  for (const match of matches(PHONE, text.lower)) add('phone', match.index, match.index + match[0].length, PII_REASONS.phone);
}

// ------------------------------------------------------------------------------------- NIR and écrou

/** Sex, year, month (01–12 or the 20–99 of unknown months), department (2A/2B for Corsica), commune, order, optional key. */
const NIR = pattern(/(?<![\p{L}\p{N}])[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[ab])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?!\p{N}|[ .]\d)/u.source);

/** The 15-digit NIR's key: 97 minus the first 13 digits modulo 97 (2A read as 19, 2B as 18). */
export function nirKeyIsValid(digits: string): boolean {
  if (!/^\d{5}(?:\d{2}|2[ab])\d{8}$/i.test(digits)) return false;
  const department = digits.slice(5, 7).toLowerCase();
  const body = digits.slice(0, 5) + (department === '2a' ? '19' : department === '2b' ? '18' : department) + digits.slice(7, 13);
  let remainder = 0;
  for (const digit of body) remainder = (remainder * 10 + Number(digit)) % 97;
  return 97 - remainder === Number(digits.slice(13));
}

function detectNirs(text: FoldedText, add: Add): void {
  for (const match of matches(NIR, text.lower)) {
    const digits = match[0].replace(/[\s.]/g, '');
    const reason =
      digits.length === 13 ? PII_REASONS.nirNoKey : nirKeyIsValid(digits) ? PII_REASONS.nirValidKey : PII_REASONS.nirBadKey;
    add('nir', match.index, match.index + match[0].length, reason);
  }
}

/**
 * "n° d'écrou 12345", "numéro d'écrou : 4567", "écrou n° 123456", "écrou 1234567". A number right after
 * the bare word needs 5 to 7 digits, so that "levée d'écrou 2026" (a year) is not read as one.
 */
const ECROU = pattern(/(?<!\p{L})(?:((?:n[°º]|no|num(?:ero)?\.?|№) ?(?:d'|de |d )?)?ecrou((?: ?(?::|n[°º]|no|№|numero))*) ?(\d(?:[ .\/-]?\d){2,9}))(?!\p{N})/u.source);

function detectEcrous(text: FoldedText, add: Add): void {
  for (const match of matches(ECROU, text.lower)) {
    const announced = match[1] !== undefined || match[2].length > 0;
    const digitCount = match[3].replace(/\D/g, '').length;
    if (!announced && (digitCount < 5 || digitCount > 7)) continue;
    add('ecrou', match.index, match.index + match[0].length, PII_REASONS.ecrou);
  }
}

// ------------------------------------------------------------------------------------------------ dates

const MONTH = '(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre|(?:janv|fevr?|avr|juil|sept|oct|nov|dec)\\.?)';
const DAY = '(?:1er|0?[1-9]|[12]\\d|3[01])';
const NUMERIC_DATE = '(?:0?[1-9]|[12]\\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\\1(?:(?:19|20)\\d{2}|\\d{2})';
const TEXT_DATE = `${DAY} +${MONTH} +(?:1[89]|20)\\d{2}`;
const ISO_DATE = '(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])';

/** Full dates only: "Disponible en mars 2027" names no day and is left alone. */
const FULL_DATE = pattern(`(?<![\\p{L}\\p{N}/.-])(?:${NUMERIC_DATE}|${TEXT_DATE}|${ISO_DATE})(?!\\p{N}|[/.-]\\d)`);

/** "né le 12/03/1990", "née en 1990", "né(e) le 3 mai", "date de naissance : 03/1990". */
const BIRTH_DATE = pattern(
  '(?<!\\p{L})(?:nee?s?|ne\\(e\\)|date de naissance|ddn|naissance)(?: ?:)? ' +
    `(?:(?:le|en|au mois de|courant|dans l'annee|l'annee) )?` +
    `(?:${NUMERIC_DATE}|${TEXT_DATE}|${ISO_DATE}|${DAY} +${MONTH}|${MONTH} +(?:19|20)\\d{2}|(?:0?[1-9]|1[0-2])/(?:19|20)\\d{2}|(?:19|20)\\d{2})` +
    '(?!\\p{N}|[/.-]\\d)',
);

function detectDates(text: FoldedText, add: Add): void {
  for (const match of matches(FULL_DATE, text.lower)) add('date', match.index, match.index + match[0].length, PII_REASONS.date);
}

function detectBirthDates(text: FoldedText, add: Add): void {
  for (const match of matches(BIRTH_DATE, text.lower)) add('birth_date', match.index, match.index + match[0].length, PII_REASONS.birthDate);
}

// --------------------------------------------------------------------------------------------- addresses

/** A capitalised place name, possibly compound: "Poitiers", "Fleury-Mérogis", "Condé sur Sarthe", "Paris La Santé", "d'Arcy". */
const PLACE = "\\p{Lu}[\\p{L}']*(?:-\\p{L}[\\p{L}']*)*(?: (?:(?:sur|sous|en|les|le|la|de|du|des|aux) |d'|l')?\\p{Lu}[\\p{L}']*(?:-\\p{L}[\\p{L}']*)*)*";

/** Street types that make "<number> <type>" an address by themselves. */
const STREET_TYPES = ['rue', 'avenue', 'av', 'bd', 'bld', 'boulevard', 'impasse', 'allee', 'allees', 'faubourg', 'fbg', 'lotissement', 'residence', 'chaussee', 'quai'];
/** Street types that are also common words ("2 cours de français", "3 places en formation"): a capitalised name must follow. */
const WEAK_STREET_TYPES = ['chemin', 'route', 'rte', 'place', 'cours', 'square', 'passage', 'voie', 'sentier', 'cite', 'hameau', 'lieu-dit', 'promenade', 'esplanade', 'rond-point'];

const CONNECTORS = "(?:(?:de|du|des|la|le|les|aux|au) |d'|l')*";
const STREET_NAME_TAIL = `(?: ${CONNECTORS}\\p{Lu}[\\p{L}'-]*)*`;
const STREET_NUMBER = `(?<![\\p{L}\\p{N}])\\d{1,4}(?: ?(?:${ci('bis')}|${ci('ter')}|${ci('quater')}|[ABTabt](?![\\p{L}])))?,? +`;
const STREET = pattern(
  STREET_NUMBER +
    `(?:(?:${STREET_TYPES.map(ci).join('|')})\\.? ${CONNECTORS}[\\p{L}][\\p{L}'-]*` +
    `|(?:${WEAK_STREET_TYPES.map(ci).join('|')}) ${CONNECTORS}\\p{Lu}[\\p{L}'-]*)` +
    STREET_NAME_TAIL,
);

/** A French postcode (01000–95999, overseas 97xxx–98xxx) followed by a capitalised commune, "Cedex 19" included. */
const POSTCODE_TOWN = pattern(
  `(?<![\\p{L}\\p{N}])(?:(?:0[1-9]|[1-8]\\d|9[0-5])\\d{3}|9[78]\\d{3}) +${PLACE}(?:(?<=${ci('cedex')}) \\d{1,2}(?!\\p{N}))?`,
);

function detectAddresses(text: FoldedText, add: Add): void {
  for (const match of matches(STREET, text.folded)) add('address', match.index, match.index + match[0].length, PII_REASONS.streetAddress);
  for (const match of matches(POSTCODE_TOWN, text.folded)) add('address', match.index, match.index + match[0].length, PII_REASONS.postcode);
}

// ---------------------------------------------------------------------------------------- establishments

const ESTABLISHMENT_TYPES = [
  "maison d'arret",
  'maison centrale',
  'centre penitentiaire',
  'centre de detention',
  'centre de semi-liberte',
  'centre pour peines amenagees',
  'etablissement penitentiaire pour mineurs',
  'quartier de semi-liberte',
];
const PLACE_CONNECTOR = "(?:de la |de l'|des |du |de |d')";
/** "maison d'arrêt de Nantes", "centre pénitentiaire Poitiers-Vivonne", "prison de la Santé", "CP de Caen", "CD BAPAUME". */
const GENERIC_ESTABLISHMENT = pattern(
  '(?<![\\p{L}])(?:' +
    `(?:${ESTABLISHMENT_TYPES.map(ci).join('|')}) (?:${PLACE_CONNECTOR})?` +
    `|${ci('prison')} ${PLACE_CONNECTOR}` +
    `|(?:CP|MA|CD|MC|EPM|CSL|CPA|QSL) (?:${PLACE_CONNECTOR})?` +
    `)${PLACE}`,
);

const contextPatterns = new Map<string, RegExp | null>();
const MAX_CACHED_CONTEXTS = 32;

/** One alternation of the given names (folded, lowercase, any separators between their words), longest first; cached. */
function establishmentPattern(names: readonly string[]): RegExp | null {
  const cacheKey = names.join('\u0000');
  const cached = contextPatterns.get(cacheKey);
  if (cached !== undefined) return cached;
  const alternatives = [
    ...new Set(
      names
        .map((name) => firstNameKey(name).match(/[\p{L}\p{N}]+/gu) ?? [])
        .filter((words) => words.length > 0)
        .map((words) => words.join("[^\\p{L}\\p{N}]{1,3}")),
    ),
  ].sort((a, b) => b.length - a.length);
  const compiled = alternatives.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  if (contextPatterns.size >= MAX_CACHED_CONTEXTS) contextPatterns.clear();
  contextPatterns.set(cacheKey, compiled);
  return compiled;
}

function detectEstablishments(text: FoldedText, names: readonly string[], add: Add): void {
  for (const match of matches(GENERIC_ESTABLISHMENT, text.folded)) add('establishment', match.index, match.index + match[0].length, PII_REASONS.establishment);
  const named = establishmentPattern(names);
  if (named === null) return;
  for (const match of matches(named, text.lower)) add('establishment', match.index, match.index + match[0].length, PII_REASONS.establishment);
}

// ------------------------------------------------------------------------------------------------ names

interface Token {
  start: number;
  end: number;
  /** Folded, case kept. */
  text: string;
  /** Folded, lowercase. */
  key: string;
}

const WORD = /\p{L}+(?:-\p{L}+)*/gu;
const CAPITALISED = /^\p{Lu}/u;
const SURNAME_SHAPE = /^(?:\p{Lu}\p{Ll}+|\p{Lu}{2,})(?:-\p{Lu}\p{L}*)*$/u;
const SPACES_ONLY = /^ +$/;
/** A sentence (or list item, heading, field) starts after these. */
const SENTENCE_BREAK = /[.!?…:;•\n\r]|^\s*[-–—*]\s/;

const CIVILITIES = new Set(['m', 'mme', 'mmes', 'mlle', 'mr', 'monsieur', 'madame', 'mademoiselle', 'messieurs', 'mesdames']);
/** Words that announce a name whatever it is: "prénom : Kylian", "surnommé Kiki", "s'appelle Joy". */
const NAME_CUES = new Set(['prenom', 'prenoms', 'prenomme', 'prenommee', 'surnom', 'surnomme', 'surnommee', 'appelle', 'appele', 'appelee', 'alias']);
/** Titles after a civility are not names: "Madame la Juge", "Monsieur le Directeur". */
const TITLES = new Set(['juge', 'directeur', 'directrice', 'procureur', 'procureure', 'president', 'presidente', 'maire', 'prefet', 'prefete', 'conseiller', 'conseillere', 'docteur', 'ministre', 'depute', 'deputee', 'senateur']);
const PARTICLES = new Set(['de', 'du', 'des', 'd', 'le', 'la', 'van', 'von', 'del', 'della', 'da', 'dos']);
/** A name after these is part of a place or an institution: "Saint Pierre", "île Maurice", "rue Victor Hugo", "lycée Jean Moulin". */
const PLACE_WORDS = new Set([
  'saint', 'sainte', 'st', 'ste', 'ile', 'mont', 'port', 'pont', 'cap', 'fort', 'lac', 'val', 'bourg',
  'rue', 'avenue', 'boulevard', 'bd', 'allee', 'place', 'impasse', 'quai', 'square', 'cours', 'chemin', 'route', 'residence', 'cite',
  'lycee', 'college', 'ecole', 'universite', 'stade', 'hopital', 'clinique', 'gymnase', 'institut', 'centre', 'salle', 'espace', 'parc', 'gare', 'aeroport',
]);
/** Prepositions and articles that make a place of a capitalised proper word: "en France", "à Valence", "chez Orange". */
const PLACE_PREPOSITIONS = new Set(['en', 'a', 'au', 'aux', 'de', 'd', 'du', 'des', 'vers', 'sur', 'pres', 'chez', 'pour', 'la', 'le', 'l', 'par', 'dans', 'depuis', 'entre']);
/** A word after these is a common noun, even capitalised: "la Marine nationale", "une Rose des sables". */
const ARTICLES = new Set(['la', 'le', 'les', 'l', 'un', 'une', 'du', 'des', 'au', 'aux', 'sa', 'son', 'ses', 'leur', 'leurs', 'cette', 'ce', 'cet']);
/** Capitalised words after a name-like word that are not surnames: "France Travail", "Orange Business", "Pierre Bleue". */
const NOT_SURNAMES = new Set([
  'travail', 'competences', 'services', 'service', 'televisions', 'television', 'info', 'inter', 'culture', 'active', 'terre', 'horizon',
  'bleu', 'bleue', 'telecom', 'business', 'bank', 'emploi', 'nature', 'nord', 'sud', 'est', 'ouest', 'centre', 'ville', 'metropole',
  'mission', 'locale', 'agglomeration', 'agglo', 'habitat', 'insertion', 'formation', 'sarl', 'sas', 'sa', 'eurl',
]);
/** Upper-case words that are acronyms, not surnames written in capitals. */
const ACRONYMS = new Set([
  'cap', 'bep', 'bts', 'dut', 'but', 'bac', 'bp', 'bpjeps', 'cqp', 'titre', 'tp', 'caces', 'sst', 'haccp', 'rome', 'bmo', 'cdi', 'cdd',
  'pmsmp', 'siae', 'rsa', 'rqth', 'spip', 'cpip', 'afpa', 'greta', 'cfa', 'ft', 'btp', 'vl', 'pl', 'spl', 'fimo', 'fco', 'ok',
]);

function tokenize(text: FoldedText): Token[] {
  const tokens: Token[] = [];
  for (const match of matches(WORD, text.folded)) {
    const end = match.index + match[0].length;
    tokens.push({ start: match.index, end, text: match[0], key: text.lower.slice(match.index, end) });
  }
  return tokens;
}

/** The list entry of a word, compound names included ("Jean-Kevin" whose parts are all names). */
function nameKind(token: Token): 'plain' | 'word' | 'proper' | undefined {
  const listed = FIRST_NAMES.get(token.key);
  if (listed !== undefined || !token.key.includes('-')) return listed;
  const parts = token.text.split('-');
  const allNames = parts.every((part) => CAPITALISED.test(part) && FIRST_NAMES.has(part.toLowerCase()));
  return allNames ? 'plain' : undefined;
}

function looksLikeSurname(token: Token | undefined): boolean {
  return token !== undefined && SURNAME_SHAPE.test(token.text) && !NOT_SURNAMES.has(token.key) && !ACRONYMS.has(token.key);
}

function detectNames(text: FoldedText, add: Add): void {
  const tokens = tokenize(text);
  const gap = (before: Token | undefined, after: Token): string => text.folded.slice(before === undefined ? 0 : before.end, after.start);

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    const gapBefore = gap(previous, token);

    // "M. Dupont", "Madame Fatou Diallo", "Mme de Villiers": whatever the name, when it is capitalised.
    if (CIVILITIES.has(token.key) && next !== undefined) {
      const civilityEnd = civilityNameEnd(tokens, index, text);
      if (civilityEnd !== undefined) add('first_name', token.start, civilityEnd, PII_REASONS.civility);
      continue;
    }

    const kind = nameKind(token);
    const cued = previous !== undefined && NAME_CUES.has(previous.key) && /^ *[:=]? *[«"“']? *$/.test(gapBefore);
    if (cued && (CAPITALISED.test(token.text) || kind !== undefined)) {
      add('first_name', token.start, token.end, PII_REASONS.namedByCue);
      continue;
    }
    if (kind === undefined || !CAPITALISED.test(token.text)) continue;
    if (previous !== undefined && PLACE_WORDS.has(previous.key) && /^[ .]+$/.test(gapBefore)) continue;

    const surnameBefore = previous !== undefined && SPACES_ONLY.test(gapBefore) && /^\p{Lu}{2,}$/u.test(previous.text) && looksLikeSurname(previous);
    const surnameAfter = next !== undefined && SPACES_ONLY.test(gap(token, next)) && looksLikeSurname(next);
    const sentenceStart = previous === undefined || SENTENCE_BREAK.test(gapBefore);
    const adjoining = previous !== undefined && /^[ ']+$/.test(gapBefore);
    const afterPreposition = adjoining && PLACE_PREPOSITIONS.has(previous.key);
    const afterArticle = adjoining && ARTICLES.has(previous.key);

    const flagged =
      kind === 'plain' ||
      (kind === 'word' && ((!sentenceStart && !afterArticle) || surnameBefore || surnameAfter)) ||
      (kind === 'proper' && (surnameBefore || surnameAfter) && !afterPreposition);
    if (!flagged) continue;
    const start = surnameBefore ? previous.start : token.start;
    const end = surnameAfter ? next.end : token.end;
    add('first_name', start, end, PII_REASONS.firstName);
  }
}

/** End of "<civility> [particle] Name [Name]" starting at tokens[index], or undefined when no name follows. */
function civilityNameEnd(tokens: Token[], index: number, text: FoldedText): number | undefined {
  const civility = tokens[index];
  // "M" is only a civility as "M." followed by a name; "Mme", "Monsieur"… may or may not take a dot.
  if (civility.key === 'm' && (civility.text !== 'M' || text.folded[civility.end] !== '.')) return undefined;
  let cursor = index + 1;
  let end: number | undefined;
  let names = 0;
  let lastEnd = civility.end;
  while (cursor < tokens.length && names < 2) {
    const token = tokens[cursor];
    const between = text.folded.slice(lastEnd, token.start);
    if (!/^\.? *'?$|^\. ?$/.test(between) || between.length > 3) break;
    if (names === 0 && PARTICLES.has(token.key) && !CAPITALISED.test(token.text)) {
      lastEnd = token.end;
      cursor += 1;
      continue;
    }
    if (!CAPITALISED.test(token.text) || TITLES.has(token.key) || ACRONYMS.has(token.key)) break;
    end = token.end;
    lastEnd = token.end;
    names += 1;
    cursor += 1;
  }
  return end;
}

// -------------------------------------------------------------------------------------------- overlaps

/** Overlapping findings of one kind become their union; then, across kinds, the most specific wins. */
function resolveOverlaps(text: string, candidates: Candidate[]): PiiFinding[] {
  const merged: Candidate[] = [];
  const byKindThenStart = [...candidates].sort((a, b) => (a.kind === b.kind ? a.start - b.start : a.kind < b.kind ? -1 : 1));
  for (const candidate of byKindThenStart) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.kind === candidate.kind && candidate.start < last.end) {
      last.end = Math.max(last.end, candidate.end);
    } else {
      merged.push({ ...candidate });
    }
  }

  merged.sort((a, b) => SPECIFICITY[b.kind] - SPECIFICITY[a.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const kept: Candidate[] = [];
  for (const candidate of merged) {
    let free = true;
    for (let offset = candidate.start; offset < candidate.end && free; offset += 1) free = taken[offset] === 0;
    if (!free) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }

  return kept
    .sort((a, b) => a.start - b.start)
    .map(({ kind, start, end, reason }) => ({ kind, start, end, excerpt: text.slice(start, end), reason }));
}
