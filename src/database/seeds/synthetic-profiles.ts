import { DataSource } from 'typeorm';
import { CODE_FORMATS } from '../../common/validation/code-formats';
import { AgeBand, CandidateProfileStatus, Experience, Licence, LICENCES, SentenceAdjustment, Training, TrainingStatus } from '../../modules/candidates/candidate-profile';
import { CODE_ALPHABET } from '../../modules/candidates/candidate-profile-rules';
import type { CandidateProfileValues } from '../../modules/candidates/candidate-profiles.repository';
import { NeedSolution } from '../../modules/employer-needs/employer-need';
import { checkFreeText } from '../../modules/privacy/pii-guard';
import { mulberry32 } from '../../common/random/seeded-random';

/**
 * Synthetic published profiles for the demo, the search benchmark and tests: varied enough to exercise
 * search, facets and matching, and deterministic from a seed so that a benchmark run can be repeated.
 * Every free text is composed from the phrases of this file and the reference labels passed in, so it can
 * hold no name, contact detail, date of birth or number; labels that the PII guard would flag anyway (a
 * basin named like a first name) are replaced by a neutral phrase.
 */

export interface SyntheticProfileOptions {
  /** Same seed, same reference data, same `today`: same profiles. */
  seed: number;
  /** YYYY-MM-DD: release windows open within the two years after it, publications happened before it. */
  today: string;
  romeCodes: readonly { code: string; label: string }[];
  basins: readonly { code: string; name: string }[];
  /** Establishments to spread the profiles over (internal field); none leaves it empty. */
  establishmentCodes?: readonly string[];
  /** Codes already taken (for instance by profiles already in the database): never generated. */
  excludeCodes?: Iterable<string>;
}

/** A profile ready to insert as published, with the day its candidate consented. */
export interface SyntheticProfile extends CandidateProfileValues {
  code: string;
  status: CandidateProfileStatus.Published;
  /** ISO instant. */
  publishedAt: string;
  /** YYYY-MM-DD, on or before the publication day. */
  consentGivenOn: string;
}

const CODE_LENGTH = 4;
/** 31^4 = 923,521 four-character codes. */
export const SYNTHETIC_CODE_CAPACITY = CODE_ALPHABET.length ** CODE_LENGTH;

/** Re-exported for the benchmarks, which draw their queries with the same generator. */
export { mulberry32 };

class Draw {
  constructor(private readonly next: () => number) {}

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One of the entries, in proportion to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** `count` distinct items (fewer when the list is shorter), in draw order; the list is never copied. */
  sample<T>(items: readonly T[], count: number): T[] {
    const wanted = Math.min(count, items.length);
    const picked = new Set<number>();
    const chosen: T[] = [];
    while (chosen.length < wanted) {
      const index = Math.floor(this.next() * items.length);
      if (picked.has(index)) continue;
      picked.add(index);
      chosen.push(items[index]);
    }
    return chosen;
  }
}

// ------------------------------------------------------------------------------------------ vocabulary

interface DomainVocabulary {
  /** ROME code prefixes of the domain; the longest matching prefix wins. */
  prefixes: string[];
  /** Weight among the popular domains the first target is drawn from (0: not popular). */
  popularity: number;
  skills: string[];
  trainings: { title: string; level: number | null }[];
  sectors: string[];
  /** Handling certificates common in the domain. */
  caces: Licence[];
}

const DOMAINS: DomainVocabulary[] = [
  {
    prefixes: ['F'],
    popularity: 24,
    skills: [
      'Pose de plaques de plâtre', 'Lecture de plans', 'Maçonnerie traditionnelle', 'Préparation des supports avant peinture',
      'Application de peintures et enduits', 'Pose de carrelage et faïence', 'Coffrage et ferraillage', 'Montage d’échafaudages',
      'Utilisation d’outillage électroportatif', 'Petits travaux de plomberie', 'Raccordements électriques simples', 'Respect des règles de sécurité sur chantier',
    ],
    trainings: [
      { title: 'CAP Maçon', level: 3 },
      { title: 'CAP Peintre applicateur de revêtements', level: 3 },
      { title: 'Titre professionnel Plaquiste', level: 3 },
      { title: 'CAP Carreleur mosaïste', level: 3 },
      { title: 'Titre professionnel Coffreur bancheur', level: 3 },
      { title: 'Bac professionnel Interventions sur le patrimoine bâti', level: 4 },
      { title: 'BTS Bâtiment', level: 5 },
      { title: 'Habilitation électrique B0 H0V', level: null },
    ],
    sectors: ['Bâtiment, gros œuvre', 'Bâtiment, second œuvre', 'Travaux publics', 'Rénovation de l’habitat'],
    caces: ['CACES_R482', 'CACES_R486'],
  },
  {
    prefixes: ['N'],
    popularity: 22,
    skills: [
      'Conduite de chariot élévateur', 'Préparation de commandes', 'Utilisation d’un lecteur de codes-barres', 'Réception et contrôle des marchandises',
      'Gestion des stocks', 'Filmage et étiquetage des palettes', 'Chargement et déchargement de camions', 'Inventaire',
      'Respect des cadences', 'Manutention de charges lourdes', 'Conduite de véhicule utilitaire',
    ],
    trainings: [
      { title: 'Titre professionnel Agent magasinier', level: 3 },
      { title: 'Titre professionnel Préparateur de commandes en entrepôt', level: 3 },
      { title: 'CAP Opérateur logistique', level: 3 },
      { title: 'Bac professionnel Logistique', level: 4 },
      { title: 'Titre professionnel Conducteur du transport routier de marchandises sur porteur', level: 3 },
      { title: 'BTS Gestion des transports et logistique associée', level: 5 },
      { title: 'Formation gestes et postures', level: null },
    ],
    sectors: ['Logistique et entreposage', 'Transport routier de marchandises', 'Plateforme logistique de la grande distribution', 'Messagerie et livraison'],
    caces: ['CACES_R489', 'CACES_R485'],
  },
  {
    prefixes: ['G'],
    popularity: 18,
    skills: [
      'Préparations culinaires de base', 'Respect des normes d’hygiène HACCP', 'Plonge et entretien de la batterie de cuisine', 'Mise en place du service',
      'Service en salle', 'Épluchage et taille des légumes', 'Cuisson et dressage des assiettes', 'Réception et stockage des denrées',
      'Travail en cuisine collective', 'Accueil de la clientèle',
    ],
    trainings: [
      { title: 'CAP Cuisine', level: 3 },
      { title: 'CAP Commercialisation et services en hôtel-café-restaurant', level: 3 },
      { title: 'Titre professionnel Agent de restauration', level: 3 },
      { title: 'Titre professionnel Cuisinier', level: 3 },
      { title: 'Bac professionnel Cuisine', level: 4 },
      { title: 'Formation hygiène alimentaire en restauration commerciale', level: null },
    ],
    sectors: ['Restauration traditionnelle', 'Restauration collective', 'Restauration rapide', 'Hôtellerie'],
    caces: [],
  },
  {
    prefixes: ['K22'],
    popularity: 12,
    skills: [
      'Nettoyage de locaux', 'Utilisation d’une autolaveuse', 'Dosage des produits d’entretien', 'Bionettoyage', 'Entretien du linge',
      'Tri et évacuation des déchets', 'Lavage des vitres', 'Décapage et lustrage des sols', 'Respect des protocoles d’hygiène',
    ],
    trainings: [
      { title: 'Titre professionnel Agent de propreté et d’hygiène', level: 3 },
      { title: 'CAP Agent de propreté et d’hygiène', level: 3 },
      { title: 'Bac professionnel Hygiène, propreté, stérilisation', level: 4 },
      { title: 'Certificat de qualification professionnelle Agent machiniste', level: null },
    ],
    sectors: ['Propreté et services associés', 'Nettoyage industriel', 'Blanchisserie', 'Collecte des déchets'],
    caces: [],
  },
  {
    prefixes: ['A'],
    popularity: 10,
    skills: [
      'Taille des arbres et arbustes', 'Tonte et débroussaillage', 'Plantation et semis', 'Récolte manuelle', 'Conduite de tracteur',
      'Entretien du matériel agricole', 'Soins aux animaux d’élevage', 'Arrosage et entretien des cultures', 'Travail en serre',
    ],
    trainings: [
      { title: 'CAP agricole Jardinier paysagiste', level: 3 },
      { title: 'CAP agricole Métiers de l’agriculture', level: 3 },
      { title: 'Bac professionnel Aménagements paysagers', level: 4 },
      { title: 'Brevet professionnel Responsable d’entreprise agricole', level: 4 },
      { title: 'Certificat individuel produits phytopharmaceutiques', level: null },
    ],
    sectors: ['Espaces verts', 'Maraîchage', 'Arboriculture', 'Élevage', 'Viticulture'],
    caces: ['CACES_R482'],
  },
  {
    prefixes: ['D'],
    popularity: 14,
    skills: [
      'Mise en rayon', 'Tenue de caisse', 'Accueil et conseil de la clientèle', 'Étiquetage et contrôle des prix', 'Rotation des produits frais',
      'Réception des livraisons', 'Encaissement', 'Merchandising',
    ],
    trainings: [
      { title: 'CAP Équipier polyvalent du commerce', level: 3 },
      { title: 'Titre professionnel Employé commercial', level: 3 },
      { title: 'Bac professionnel Métiers du commerce et de la vente', level: 4 },
      { title: 'BTS Management commercial opérationnel', level: 5 },
    ],
    sectors: ['Grande distribution', 'Commerce de proximité', 'Commerce alimentaire'],
    caces: ['CACES_R489'],
  },
  {
    prefixes: ['H'],
    popularity: 0,
    skills: [
      'Soudure à l’arc', 'Conduite de ligne de production', 'Contrôle qualité visuel', 'Conditionnement et emballage',
      'Lecture de plans techniques', 'Réglage de machines', 'Assemblage de pièces',
    ],
    trainings: [
      { title: 'Titre professionnel Soudeur assembleur industriel', level: 3 },
      { title: 'CAP Conducteur d’installations de production', level: 3 },
      { title: 'Bac professionnel Pilote de ligne de production', level: 4 },
      { title: 'BTS Conception des processus de réalisation de produits', level: 5 },
    ],
    sectors: ['Industrie agroalimentaire', 'Métallurgie', 'Plasturgie', 'Industrie du bois'],
    caces: ['CACES_R489'],
  },
  {
    prefixes: ['I'],
    popularity: 0,
    skills: [
      'Diagnostic de pannes simples', 'Entretien courant des véhicules', 'Petits travaux de maintenance des bâtiments',
      'Vidange et changement de pneumatiques', 'Utilisation d’une valise de diagnostic', 'Dépannage électrique de premier niveau',
    ],
    trainings: [
      { title: 'CAP Maintenance des véhicules', level: 3 },
      { title: 'Titre professionnel Agent de maintenance des bâtiments', level: 3 },
      { title: 'Bac professionnel Maintenance des véhicules', level: 4 },
      { title: 'BTS Maintenance des systèmes', level: 5 },
    ],
    sectors: ['Maintenance automobile', 'Maintenance des bâtiments', 'Réparation de matériel'],
    caces: [],
  },
  {
    prefixes: ['K1', 'J'],
    popularity: 0,
    skills: [
      'Aide aux gestes de la vie quotidienne', 'Entretien du logement', 'Préparation des repas', 'Accompagnement aux courses',
      'Écoute et bienveillance', 'Respect de l’intimité des personnes',
    ],
    trainings: [
      { title: 'Titre professionnel Assistant de vie aux familles', level: 3 },
      { title: 'CAP Accompagnant éducatif petite enfance', level: 3 },
      { title: 'Diplôme d’État d’accompagnant éducatif et social', level: 3 },
      { title: 'Bac professionnel Accompagnement, soins et services à la personne', level: 4 },
    ],
    sectors: ['Aide à domicile', 'Établissement pour personnes âgées', 'Services à la personne'],
    caces: [],
  },
  {
    prefixes: [''],
    popularity: 0,
    skills: ['Accueil du public', 'Rondes de surveillance', 'Tri sélectif', 'Saisie informatique', 'Classement et archivage', 'Entretien du matériel'],
    trainings: [
      { title: 'Titre professionnel Agent de sûreté et de sécurité privée', level: 3 },
      { title: 'Titre professionnel Employé administratif et d’accueil', level: 3 },
      { title: 'Bac professionnel Assistance à la gestion des organisations', level: 4 },
    ],
    sectors: ['Services aux entreprises', 'Sécurité privée', 'Collecte et tri des déchets', 'Secteur associatif'],
    caces: [],
  },
];

/** Qualities any employer looks for, added to the trade skills of some profiles. */
const SOFT_SKILLS = ['Travail en équipe', 'Ponctualité', 'Respect des consignes', 'Adaptabilité', 'Autonomie', 'Sens du service', 'Rigueur et organisation'];

/** Short courses a profile of any trade may have followed. */
const COMMON_TRAININGS: { title: string; level: number | null }[] = [
  { title: 'Sauveteur secouriste du travail (SST)', level: null },
  { title: 'Remise à niveau en français et mathématiques', level: null },
  { title: 'Initiation aux outils numériques', level: null },
];

const AGE_BAND_WEIGHTS: [AgeBand, number][] = [['18-25', 30], ['26-35', 35], ['36-45', 20], ['46-55', 10], ['56+', 5]];

const ADJUSTMENT_WEIGHTS: [SentenceAdjustment, number][] = [
  [SentenceAdjustment.SemiLiberte, 35],
  [SentenceAdjustment.SurveillanceElectronique, 30],
  [SentenceAdjustment.PlacementExterieur, 20],
  [SentenceAdjustment.LiberationConditionnelle, 15],
];

const OTHER_LANGUAGES: [string, number][] = [
  ['Anglais', 0.22], ['Arabe', 0.15], ['Espagnol', 0.07], ['Portugais', 0.04], ['Turc', 0.03],
  ['Roumain', 0.03], ['Créole', 0.03], ['Wolof', 0.02], ['Russe', 0.02], ['Polonais', 0.02],
];

/** What the project says the candidate expects, for each solution sought. */
const SOLUTION_PHRASES: Record<NeedSolution, string> = {
  [NeedSolution.Job]: 'un emploi durable',
  [NeedSolution.Apprenticeship]: 'un contrat d’apprentissage',
  [NeedSolution.TrainingPlace]: 'une place en formation qualifiante',
  [NeedSolution.Immersion]: 'une immersion en entreprise (PMSMP)',
  [NeedSolution.Sponsorship]: 'un parrainage par un professionnel du métier',
  [NeedSolution.MockInterview]: 'des entretiens blancs pour préparer les recrutements',
  [NeedSolution.CompanyVisit]: 'une visite d’entreprise pour découvrir le métier',
  [NeedSolution.Advice]: 'des conseils de professionnels du secteur',
  [NeedSolution.JobPromise]: 'une promesse d’embauche écrite',
};

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

const GOAL_TEMPLATES: ((occupation: string, basin: string) => string)[] = [
  (occupation, basin) => `Devenir ${occupation} dans le ${basin}.`,
  (occupation, basin) => `Travailler comme ${occupation} dans le ${basin} dès la sortie.`,
  (occupation, basin) => `Reprendre une activité comme ${occupation} dans le ${basin}.`,
  (occupation, basin) => `S’installer dans le ${basin} et y exercer comme ${occupation}.`,
];
const SKILL_TEMPLATES: ((skill: string) => string)[] = [
  (skill) => `Point fort : ${skill}.`,
  (skill) => `S’appuie sur un savoir-faire en ${skill}.`,
  (skill) => `A déjà pratiqué : ${skill}.`,
];
const SOLUTION_TEMPLATES: ((solution: string) => string)[] = [
  (solution) => `Recherche ${solution}.`,
  (solution) => `Attend des entreprises ${solution}.`,
  (solution) => `Souhaite obtenir ${solution}.`,
];
const MOTIVATIONS = [
  'Motivation forte, projet préparé avec le conseiller d’insertion.',
  'Accepte de commencer par une mission courte pour faire ses preuves.',
  'Souhaite se stabiliser dans un métier avec des perspectives.',
  'A suivi un atelier de préparation aux entretiens.',
];
const AVAILABILITIES = [
  'Disponible dès la sortie, à temps plein.',
  'Disponible à temps plein ou à temps partiel, horaires décalés possibles.',
  'Disponible en semaine, le week-end aussi si besoin.',
  'Disponible dès la sortie pour une immersion ou un contrat court.',
];

// -------------------------------------------------------------------------------------- reference text

const CONNECTORS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'sur', 'sous', 'en', 'et', 'aux', 'au', 'lès', 'lez']);

/** "SAINT LO COUTANCES" → "Saint Lo Coutances", "VAL DE REUIL" → "Val de Reuil"; mixed-case names are kept. */
function placeName(name: string): string {
  if (name !== name.toUpperCase()) return name.trim();
  return name
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((word, index) =>
      index > 0 && CONNECTORS.has(word) ? word : word.replace(/(^|[-'’])(\p{L})/gu, (_all, separator: string, letter: string) => separator + letter.toUpperCase()),
    )
    .join(' ');
}

/** "bassin de Caen", "bassin du Havre", "bassin d’Argentan"; BMO names that start with "Bassin" stand alone. */
function basinPhrase(name: string): string {
  const place = placeName(name);
  const bare = place.replace(/^bassin\s+/i, '');
  if (bare !== place) return `bassin ${bare}`;
  if (/^Le\s/.test(place)) return `bassin du ${place.slice(3)}`;
  if (/^Les\s/.test(place)) return `bassin des ${place.slice(4)}`;
  if (/^[AEIOUYÉÈÊÂÎÔ]/u.test(place)) return `bassin d’${place}`;
  return `bassin de ${place}`;
}

/** Lowercases the first letter of a label used mid-sentence ("Maçon / Maçonne" → "maçon / maçonne"), acronyms aside. */
function midSentence(text: string): string {
  return text
    .split(' / ')
    .map((part) => (/^\p{Lu}\p{Ll}/u.test(part) ? part[0].toLowerCase() + part.slice(1) : part))
    .join(' / ');
}

const NEUTRAL_BASIN = 'bassin d’emploi visé';
const NEUTRAL_OCCUPATION = 'professionnel du métier visé';

/** The phrase of each reference label, or a neutral one where the PII guard would flag the label itself. */
function safePhrases<T>(items: readonly T[], key: (item: T) => string, phrase: (item: T) => string, probe: (phrase: string) => string, neutral: string): Map<string, string> {
  const phrases = new Map<string, string>();
  for (const item of items) {
    const candidate = phrase(item);
    phrases.set(key(item), checkFreeText(probe(candidate)).length === 0 ? candidate : neutral);
  }
  return phrases;
}

// ------------------------------------------------------------------------------------------------ dates

const DAY_MS = 24 * 3600 * 1000;
const parseDay = (day: string): number => {
  const [year, month, date] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date);
};
const formatDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** YYYY-MM-DD of the days around a reference day, by offset, each formatted once: 100,000 profiles share a thousand days. */
class Calendar {
  private readonly origin: number;
  private readonly days = new Map<number, string>();

  constructor(today: string) {
    this.origin = parseDay(today);
  }

  day(offset: number): string {
    let day = this.days.get(offset);
    if (day === undefined) {
      day = formatDay(this.origin + offset * DAY_MS);
      this.days.set(offset, day);
    }
    return day;
  }
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

const HORIZON_DAYS = 730;
const MIN_WINDOW_DAYS = 21;
const MAX_WINDOW_DAYS = 92;

// ------------------------------------------------------------------------------------------- generator

function codeOf(index: number): string {
  let suffix = '';
  let rest = index;
  for (let i = 0; i < CODE_LENGTH; i++) {
    suffix = CODE_ALPHABET[rest % CODE_ALPHABET.length] + suffix;
    rest = Math.floor(rest / CODE_ALPHABET.length);
  }
  return `PSG-${suffix}`;
}

function domainOf(code: string): DomainVocabulary {
  let best = DOMAINS[DOMAINS.length - 1];
  let bestLength = -1;
  for (const domain of DOMAINS) {
    for (const prefix of domain.prefixes) {
      if (code.startsWith(prefix) && prefix.length > bestLength) {
        best = domain;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}

function checkOptions(count: number, options: SyntheticProfileOptions): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer (got ${count})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today) || formatDay(parseDay(options.today)) !== options.today) throw new RangeError(`today must be a YYYY-MM-DD date (got ${options.today})`);
  if (options.romeCodes.length === 0) throw new RangeError('at least one ROME code is needed');
  if (options.basins.length === 0) throw new RangeError('at least one basin is needed');
  const badRome = options.romeCodes.find(({ code }) => !CODE_FORMATS.rome.pattern.test(code));
  if (badRome) throw new RangeError(`invalid ROME code ${badRome.code}`);
  const badBasin = options.basins.find(({ code }) => !CODE_FORMATS.basin.pattern.test(code));
  if (badBasin) throw new RangeError(`invalid basin code ${badBasin.code}`);
}

/** The reference data of one generation, prepared once: phrases checked by the PII guard, codes grouped by domain. */
class ProfileFactory {
  private readonly occupationPhrases: Map<string, string>;
  private readonly basinPhrases: Map<string, string>;
  private readonly byDomain = new Map<DomainVocabulary, string[]>();
  private readonly popular: [DomainVocabulary, number][];
  private readonly allCodes: string[];
  private readonly basinCodes: string[];

  constructor(
    private readonly draw: Draw,
    private readonly calendar: Calendar,
    romeCodes: readonly { code: string; label: string }[],
    basins: readonly { code: string; name: string }[],
    private readonly establishments: readonly string[],
  ) {
    this.occupationPhrases = safePhrases(romeCodes, (r) => r.code, (r) => midSentence(r.label.trim()), (p) => `Devenir ${p}.`, NEUTRAL_OCCUPATION);
    this.basinPhrases = safePhrases(basins, (b) => b.code, (b) => basinPhrase(b.name), (p) => `Travailler dans le ${p}.`, NEUTRAL_BASIN);
    for (const { code } of romeCodes) {
      const domain = domainOf(code);
      const codes = this.byDomain.get(domain);
      if (codes) codes.push(code);
      else this.byDomain.set(domain, [code]);
    }
    this.popular = DOMAINS.filter((domain) => domain.popularity > 0 && this.byDomain.has(domain)).map((domain): [DomainVocabulary, number] => [domain, domain.popularity]);
    this.allCodes = romeCodes.map(({ code }) => code);
    this.basinCodes = basins.map(({ code }) => code);
  }

  profile(code: string): SyntheticProfile {
    const draw = this.draw;
    const targetRomeCodes = this.targetOccupations();
    const targetBasinCodes = draw.sample(this.basinCodes, draw.chance(0.65) ? 1 : 2);
    const windowDays = draw.int(MIN_WINDOW_DAYS, MAX_WINDOW_DAYS);
    const releaseOffset = draw.int(7, HORIZON_DAYS - windowDays);
    const releaseFrom = this.calendar.day(releaseOffset);
    const ageBand = draw.weighted(AGE_BAND_WEIGHTS);
    const adjustments = this.adjustments();
    const domains = [...new Set(targetRomeCodes.map(domainOf))];
    const main = domains[0];

    const tradeSkills = draw.sample(main.skills, draw.int(2, 4));
    if (domains.length > 1 && draw.chance(0.5)) tradeSkills.push(...draw.sample(domains[1].skills, 1).filter((skill) => !tradeSkills.includes(skill)));
    const skills = [...tradeSkills, ...draw.sample(SOFT_SKILLS, draw.int(0, Math.min(2, 6 - tradeSkills.length)))];

    const trainingPool = draw.chance(0.3) ? [...main.trainings, ...COMMON_TRAININGS] : main.trainings;
    const trainings: Training[] = draw.sample(trainingPool, draw.weighted([[0, 35], [1, 35], [2, 20], [3, 10]] as const)).map(({ title, level }) => ({
      title,
      level,
      status: draw.chance(0.6) ? TrainingStatus.Obtained : TrainingStatus.InProgress,
      inDetention: draw.chance(0.55),
    }));
    const mainTargets = targetRomeCodes.filter((rome) => domainOf(rome) === main);
    const experiences: Experience[] = draw.sample(main.sectors, draw.weighted([[0, 40], [1, 40], [2, 20]] as const)).map((sector) => ({
      romeCode: draw.chance(0.7) ? draw.pick(mainTargets) : null,
      sector,
      months: draw.int(2, 60),
    }));

    const licences = this.licences(domains, targetRomeCodes);
    const soughtSolutions = this.soughtSolutions(ageBand, adjustments);
    const publishedOffset = -draw.int(0, 120);
    const publishedMinute = draw.int(8 * 60, 18 * 60);
    return {
      code,
      status: CandidateProfileStatus.Published,
      establishmentCode: this.establishments.length > 0 ? draw.pick(this.establishments) : null,
      ageBand,
      releaseFrom,
      releaseUntil: this.calendar.day(releaseOffset + windowDays),
      adjustments,
      exitPermits: draw.weighted([[null, 40], [true, 35], [false, 25]] as const),
      soughtSolutions,
      targetRomeCodes,
      targetBasinCodes,
      mobility: {
        licences,
        hasVehicle: licences.includes('B') ? draw.weighted([[true, 40], [false, 40], [null, 20]] as const) : draw.chance(0.5) ? false : null,
        maxCommuteMinutes: draw.chance(0.4) ? null : draw.pick([20, 30, 45, 60, 90]),
      },
      languages: this.languages(),
      skills,
      experiences,
      trainings,
      project: this.project(targetRomeCodes, targetBasinCodes, tradeSkills[0], soughtSolutions, adjustments, trainings),
      availability: this.availability(releaseFrom),
      constraints: { avoidDepartments: [], avoidRomeCodes: this.avoidedOccupations(targetRomeCodes) },
      publishedAt: `${this.calendar.day(publishedOffset)}T${twoDigits(Math.floor(publishedMinute / 60))}:${twoDigits(publishedMinute % 60)}:00.000Z`,
      consentGivenOn: this.calendar.day(publishedOffset - draw.int(0, 21)),
    };
  }

  /** 1 to 3 ranked codes: the first mostly from a popular domain, the others mostly from the first's domain. */
  private targetOccupations(): string[] {
    const draw = this.draw;
    const wanted = Math.min(draw.weighted([[1, 45], [2, 35], [3, 20]] as const), this.allCodes.length);
    const first = this.popular.length > 0 && draw.chance(0.8) ? draw.pick(this.byDomain.get(draw.weighted(this.popular))!) : draw.pick(this.allCodes);
    const targets = [first];
    const sameDomain = this.byDomain.get(domainOf(first))!;
    for (let attempt = 0; targets.length < wanted && attempt < 20; attempt++) {
      const next = draw.chance(0.65) ? draw.pick(sameDomain) : draw.pick(this.allCodes);
      if (!targets.includes(next)) targets.push(next);
    }
    return targets;
  }

  /** About 40 % are eligible to one adjustment, a few of them to two. */
  private adjustments(): SentenceAdjustment[] {
    if (!this.draw.chance(0.4)) return [];
    const first = this.draw.weighted(ADJUSTMENT_WEIGHTS);
    const second = this.draw.weighted(ADJUSTMENT_WEIGHTS);
    return this.draw.chance(0.3) && second !== first ? [first, second] : [first];
  }

  private licences(domains: DomainVocabulary[], targets: string[]): Licence[] {
    const draw = this.draw;
    const held = new Set<Licence>();
    if (draw.chance(0.55)) held.add('B');
    else if (draw.chance(0.08)) held.add('AM');
    for (const caces of new Set(domains.flatMap((domain) => domain.caces))) if (draw.chance(0.3)) held.add(caces);
    // Truck drivers' targets come with the heavy licences they need.
    if (targets.some((code) => code.startsWith('N41')) && draw.chance(0.6)) {
      held.add('B').add('C').add('FIMO');
      if (draw.chance(0.6)) held.add('CE');
    }
    return LICENCES.filter((licence) => held.has(licence));
  }

  private soughtSolutions(ageBand: AgeBand, adjustments: SentenceAdjustment[]): NeedSolution[] {
    const chances: [NeedSolution, number][] = [
      [NeedSolution.Job, 0.85],
      [NeedSolution.Apprenticeship, ageBand === '18-25' ? 0.3 : 0.05],
      [NeedSolution.TrainingPlace, 0.2],
      [NeedSolution.Immersion, 0.25],
      [NeedSolution.Sponsorship, 0.2],
      [NeedSolution.MockInterview, 0.1],
      [NeedSolution.CompanyVisit, 0.08],
      [NeedSolution.Advice, 0.1],
      // A written job promise is what opens most sentence adjustments.
      [NeedSolution.JobPromise, adjustments.length > 0 ? 0.55 : 0.15],
    ];
    const sought = chances.filter(([, chance]) => this.draw.chance(chance)).map(([solution]) => solution);
    return sought.length > 0 ? sought : [NeedSolution.Job];
  }

  private languages(): string[] {
    const spoken = this.draw.chance(0.96) ? ['Français'] : [];
    for (const [language, chance] of OTHER_LANGUAGES) if (this.draw.chance(chance)) spoken.push(language);
    return spoken.length > 0 ? spoken : ['Anglais'];
  }

  private project(targets: string[], basinCodes: string[], skill: string, solutions: NeedSolution[], adjustments: SentenceAdjustment[], trainings: Training[]): string {
    const draw = this.draw;
    const occupation = this.occupationPhrases.get(targets[0])!;
    const basins = [...new Set(basinCodes.map((code) => this.basinPhrases.get(code)!))];
    const sentences = [draw.pick(GOAL_TEMPLATES)(occupation, basins.join(' ou le '))];
    const alternative = targets.length > 1 ? this.occupationPhrases.get(targets[1])! : occupation;
    if (alternative !== occupation) sentences.push(`Autre piste : ${alternative}.`);
    sentences.push(draw.pick(SKILL_TEMPLATES)(midSentence(skill)));
    const featured = solutions.find((solution) => solution !== NeedSolution.Job) ?? solutions[0];
    sentences.push(draw.pick(SOLUTION_TEMPLATES)(SOLUTION_PHRASES[featured]));
    if (adjustments.length > 0 && solutions.includes(NeedSolution.JobPromise)) sentences.push('Une promesse d’embauche appuierait sa demande d’aménagement de peine.');
    const ongoing = trainings.find((training) => training.status === TrainingStatus.InProgress);
    if (ongoing && draw.chance(0.5)) sentences.push(`Formation en cours : ${ongoing.title}.`);
    if (draw.chance(0.4)) sentences.push(draw.pick(MOTIVATIONS));
    return sentences.join(' ');
  }

  /** Month and year only: a full date would be flagged by the PII guard, and rightly so. */
  private availability(releaseFrom: string): string | null {
    if (this.draw.chance(0.1)) return null;
    if (this.draw.chance(0.4)) {
      const month = MONTHS[Number(releaseFrom.slice(5, 7)) - 1];
      return `Disponible à temps plein à partir ${/^[aeiou]/.test(month) ? 'd’' : 'de '}${month} ${releaseFrom.slice(0, 4)}.`;
    }
    return this.draw.pick(AVAILABILITIES);
  }

  private avoidedOccupations(targets: string[]): string[] {
    if (this.allCodes.length <= targets.length || !this.draw.chance(0.05)) return [];
    for (;;) {
      const code = this.draw.pick(this.allCodes);
      if (!targets.includes(code)) return [code];
    }
  }
}

/**
 * `count` published profiles built from the reference codes given, the same for the same seed, options
 * and count (a pure function: no clock, no global random). Codes are unique within the set and avoid
 * `excludeCodes`.
 */
export function generateSyntheticProfiles(count: number, options: SyntheticProfileOptions): SyntheticProfile[] {
  checkOptions(count, options);
  const taken = new Set<number>();
  for (const code of options.excludeCodes ?? []) {
    const index = codeIndex(code);
    if (index !== null) taken.add(index);
  }
  if (count > SYNTHETIC_CODE_CAPACITY - taken.size) throw new RangeError(`only ${SYNTHETIC_CODE_CAPACITY - taken.size} profile codes are free, ${count} asked`);

  const draw = new Draw(mulberry32(options.seed));
  const factory = new ProfileFactory(
    draw,
    new Calendar(options.today),
    [...new Map(options.romeCodes.map((rome) => [rome.code, rome])).values()],
    [...new Map(options.basins.map((basin) => [basin.code, basin])).values()],
    options.establishmentCodes ?? [],
  );
  const profiles: SyntheticProfile[] = [];
  for (let i = 0; i < count; i++) {
    let index: number;
    do index = draw.int(0, SYNTHETIC_CODE_CAPACITY - 1);
    while (taken.has(index));
    taken.add(index);
    profiles.push(factory.profile(codeOf(index)));
  }
  return profiles;
}

/** Index of a four-character code in the code space, or null for a code of another shape. */
function codeIndex(code: string): number | null {
  const match = /^PSG-(.{4})$/.exec(code);
  if (!match) return null;
  let index = 0;
  for (const char of match[1]) {
    const digit = CODE_ALPHABET.indexOf(char);
    if (digit < 0) return null;
    index = index * CODE_ALPHABET.length + digit;
  }
  return index;
}

// ------------------------------------------------------------------------------------------- insertion

/**
 * One statement per batch: the batch travels as a single JSON parameter, PostgreSQL spreads it into rows
 * (JSON arrays become text[] columns), inserts the profiles and, from their returned ids, one active
 * publication consent each. The table's CHECK constraints apply as to any other insert.
 */
const INSERT_BATCH_SQL = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
      code text, establishment_code text, age_band text, release_from date, release_until date, adjustments text[],
      exit_permits boolean, sought_solutions text[], target_rome_codes text[], target_basin_codes text[], mobility jsonb,
      languages text[], skills text[], experiences jsonb, trainings jsonb, project text, availability text, constraints jsonb,
      published_at timestamptz, consent_given_on date)
  ), inserted AS (
    INSERT INTO candidate_profiles (
      code, owner_organisation_id, status, establishment_code, age_band, release_from, release_until, adjustments, exit_permits,
      sought_solutions, target_rome_codes, target_basin_codes, mobility, languages, skills, experiences, trainings, project,
      availability, constraints, created_at, updated_at, published_at)
    SELECT code, $2::uuid, 'published', establishment_code, age_band, release_from, release_until, adjustments, exit_permits,
      sought_solutions, target_rome_codes::varchar(5)[], target_basin_codes::varchar(4)[], mobility, languages, skills, experiences,
      trainings, project, availability, constraints, published_at, published_at, published_at
    FROM input
    RETURNING id, code
  ), consents AS (
    INSERT INTO candidate_consents (profile_id, scope, given_on, recorded_at)
    SELECT inserted.id, 'publication', input.consent_given_on, input.published_at
    FROM inserted JOIN input ON input.code COLLATE "C" = inserted.code
  )
  SELECT id, code FROM inserted`;

const batchRow = (p: SyntheticProfile) => ({
  code: p.code,
  establishment_code: p.establishmentCode,
  age_band: p.ageBand,
  release_from: p.releaseFrom,
  release_until: p.releaseUntil,
  adjustments: p.adjustments,
  exit_permits: p.exitPermits,
  sought_solutions: p.soughtSolutions,
  target_rome_codes: p.targetRomeCodes,
  target_basin_codes: p.targetBasinCodes,
  mobility: p.mobility,
  languages: p.languages,
  skills: p.skills,
  experiences: p.experiences,
  trainings: p.trainings,
  project: p.project,
  availability: p.availability,
  constraints: p.constraints,
  published_at: p.publishedAt,
  consent_given_on: p.consentGivenOn,
});

/**
 * Inserts the profiles as published, owned by `ownerOrganisationId`, each with an active publication
 * consent, in one transaction (all or nothing); returns their ids in the order of `profiles`.
 * Writes no outbox row: the search index is filled by a reindex afterwards.
 */
export async function insertSyntheticProfiles(
  dataSource: DataSource,
  ownerOrganisationId: string,
  profiles: readonly SyntheticProfile[],
  { batchSize = 2_000 }: { batchSize?: number } = {},
): Promise<string[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
  const idByCode = new Map<string, string>();
  await dataSource.transaction(async (manager) => {
    for (let start = 0; start < profiles.length; start += batchSize) {
      const batch = profiles.slice(start, start + batchSize);
      const rows: { id: string; code: string }[] = await manager.query(INSERT_BATCH_SQL, [JSON.stringify(batch.map(batchRow)), ownerOrganisationId]);
      for (const row of rows) idByCode.set(row.code, row.id);
    }
  });
  return profiles.map((profile) => idByCode.get(profile.code)!);
}
