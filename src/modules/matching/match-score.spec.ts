import { SentenceAdjustment, TrainingStatus } from '../candidates/candidate-profile';
import { ContractType, NeedSolution } from '../employer-needs/employer-need';
import {
  isQualified,
  MATCH_WEIGHTS,
  MatchExclusion,
  MatchNeed,
  MatchPlace,
  MatchProfile,
  MatchReasonCode,
  MatchResult,
  MatchScore,
  rankNeeds,
  rankProfiles,
  scoreMatch,
} from './match-score';
import { mulberry32 } from '../../common/random/seeded-random';

const POITIERS: MatchPlace = { basinCode: '7513', basinLabel: 'Poitiers', departmentCodes: ['86'], regionCode: '75', regionLabel: 'Nouvelle-Aquitaine' };
const CHATELLERAULT: MatchPlace = { basinCode: '7512', basinLabel: 'Châtellerault', departmentCodes: ['86'], regionCode: '75' };
const NIORT: MatchPlace = { basinCode: '7509', basinLabel: 'Niort', departmentCodes: ['79'], regionCode: '75', regionLabel: 'Nouvelle-Aquitaine' };
const LOUDUN: MatchPlace = { basinCode: '7520', basinLabel: 'Loudun', departmentCodes: ['79', '86'], regionCode: '75' };
const LYON: MatchPlace = { basinCode: '8401', basinLabel: 'Lyon', departmentCodes: ['69'], regionCode: '84', regionLabel: 'Auvergne-Rhône-Alpes' };

const profile = (overrides: Partial<MatchProfile> = {}): MatchProfile => ({
  targetRomeCodes: ['F1606'],
  targetBasins: [POITIERS],
  releaseFrom: '2026-03-01',
  releaseUntil: '2026-06-30',
  adjustments: [],
  hasQualification: false,
  avoidDepartments: [],
  avoidRomeCodes: [],
  ...overrides,
});

const need = (overrides: Partial<MatchNeed> = {}): MatchNeed => ({
  romeCode: 'F1606',
  romeLabel: 'Peintre en bâtiment',
  place: POITIERS,
  startFrom: '2026-04-01',
  startUntil: '2026-05-31',
  contractType: ContractType.Apprenticeship,
  solutions: [NeedSolution.Apprenticeship],
  tension: 0.72,
  projects: 150,
  pendingIntroductions: 0,
  ...overrides,
});

function scored(result: MatchResult): MatchScore {
  if (result.excluded) throw new Error(`expected a score, got exclusion ${result.reason.code}`);
  return result;
}

function excluded(result: MatchResult): MatchExclusion['reason'] {
  if (!result.excluded) throw new Error(`expected an exclusion, got score ${result.score}`);
  return result.reason;
}

/** The reason of the criterion whose codes start with `prefix` (exactly one must match). */
function reasonOf(result: MatchResult, prefix: string) {
  const found = scored(result).reasons.filter((r) => r.code.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('MATCH_WEIGHTS', () => {
  it('sums to 100, and the best possible pair scores exactly 100', () => {
    expect(Object.values(MATCH_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    const best = scored(scoreMatch(profile(), need({ solutions: [NeedSolution.Apprenticeship, NeedSolution.Sponsorship] })));
    expect(best.score).toBe(100);
    expect(best.reasons.map((r) => r.code)).toEqual([
      'occupation_exact',
      'place_basin',
      'timing_overlap',
      'tension_strong',
      'solution_suited',
      'fair_share_available',
      'sponsorship',
    ]);
  });
});

describe('scoreMatch: reasons', () => {
  it.each<[string, Partial<MatchProfile>, Partial<MatchNeed>, string, MatchReasonCode, string, number]>([
    // occupation (35)
    ['exact code, with label', {}, {}, 'occupation', 'occupation_exact', 'Métier visé identique : F1606 Peintre en bâtiment', 35],
    ['exact code, without label', {}, { romeLabel: undefined }, 'occupation', 'occupation_exact', 'Métier visé identique : F1606', 35],
    ['exact code of the 2nd target', { targetRomeCodes: ['K2204', 'F1606'] }, {}, 'occupation', 'occupation_exact', 'Métier visé identique : F1606 Peintre en bâtiment (2e choix)', 31.5],
    ['same professional domain', {}, { romeCode: 'F1604' }, 'occupation', 'occupation_domain', 'Même domaine professionnel (F16)', 19.3],
    ['same domain through the 2nd target', { targetRomeCodes: ['K2204', 'F1602'] }, { romeCode: 'F1604' }, 'occupation', 'occupation_domain', 'Même domaine professionnel (F16, 2e choix)', 17.3],
    ['same grand domain', {}, { romeCode: 'F1201' }, 'occupation', 'occupation_grand_domain', 'Même grand domaine (F)', 7],
    ['another grand domain', {}, { romeCode: 'K2204' }, 'occupation', 'occupation_unrelated', 'Métier sans lien avec les métiers visés', 0],
    ['no target occupation', { targetRomeCodes: [] }, {}, 'occupation', 'occupation_unrelated', 'Métier sans lien avec les métiers visés', 0],
    // place (25)
    ['same basin', {}, {}, 'place', 'place_basin', 'Bassin visé : Poitiers', 25],
    ['same basin, 2nd target', { targetBasins: [LYON, POITIERS] }, {}, 'place', 'place_basin', 'Bassin visé : Poitiers (2e choix)', 23.8],
    ['a basin sharing a department', {}, { place: CHATELLERAULT }, 'place', 'place_department', 'Même département (86)', 15],
    ['same region, labelled', {}, { place: NIORT }, 'place', 'place_region', 'Même région (Nouvelle-Aquitaine)', 6.3],
    ['same region, 2nd target, unlabelled', { targetBasins: [LYON, CHATELLERAULT] }, { place: { ...NIORT, regionLabel: null } }, 'place', 'place_region', 'Même région (2e choix)', 5.9],
    ['another region', {}, { place: LYON }, 'place', 'place_elsewhere', 'Hors des bassins visés', 0],
    ['no target basin', { targetBasins: [] }, {}, 'place', 'place_elsewhere', 'Hors des bassins visés', 0],
    // timing (15)
    ['start window inside the release window', {}, {}, 'timing', 'timing_overlap', 'Démarrage compatible avec la période de sortie', 15],
    ['start right after release', {}, { startFrom: '2026-07-01', startUntil: '2026-07-31' }, 'timing', 'timing_soon_after', 'Démarrage dans les 3 mois après la sortie', 11.9],
    ['start 3 months after release, to the day', {}, { startFrom: '2026-09-30', startUntil: null }, 'timing', 'timing_soon_after', 'Démarrage dans les 3 mois après la sortie', 3],
    ['start 3 months and a day after release', {}, { startFrom: '2026-10-01', startUntil: null }, 'timing', 'timing_late', 'Démarrage plus de 3 mois après la sortie', 0],
    ['start before release, no adjustment', {}, { startFrom: '2026-01-01', startUntil: '2026-02-28' }, 'timing', 'timing_before', 'Démarrage avant la sortie', 0],
    [
      'start before release, adjustment possible',
      { adjustments: [SentenceAdjustment.SemiLiberte] },
      { startFrom: '2026-01-01', startUntil: '2026-02-28' },
      'timing',
      'timing_before_adjustment',
      'Démarrage avant la sortie : un aménagement de peine est envisageable, cette offre peut l’appuyer',
      9,
    ],
    [
      'start more than a year before release, adjustment possible',
      { adjustments: [SentenceAdjustment.PlacementExterieur] },
      { startFrom: '2024-12-01', startUntil: '2025-02-28' },
      'timing',
      'timing_too_early',
      'Démarrage plus d’un an avant la sortie',
      0,
    ],
    ['no release date', { releaseFrom: null, releaseUntil: null }, {}, 'timing', 'timing_unknown', 'Période de sortie non renseignée', 0],
    // tension (10)
    ['strong tension', {}, { tension: 0.72 }, 'tension', 'tension_strong', 'Métier en tension : 72 % de recrutements difficiles', 10],
    ['moderate tension', {}, { tension: 0.55 }, 'tension', 'tension_moderate', 'Tension moyenne : 55 % de recrutements difficiles', 6],
    ['low tension', {}, { tension: 0.4 }, 'tension', 'tension_low', 'Tension faible : 40 % de recrutements difficiles', 2],
    ['secret figures', {}, { tension: null, projects: null }, 'tension', 'tension_unknown', 'Tension inconnue (secret statistique)', 0],
    ['no recorded project', {}, { tension: null, projects: 0 }, 'tension', 'tension_not_reported', 'Aucun projet de recrutement recensé (BMO)', 0],
    // solution fit (8 + 2 for sponsorship)
    ['apprenticeship, no qualification', {}, {}, 'solution', 'solution_suited', 'Contrat d’apprentissage : convient à un profil sans qualification', 8],
    ['training place offered with a CDD, no qualification', {}, { contractType: ContractType.Cdd, solutions: [NeedSolution.Job, NeedSolution.TrainingPlace] }, 'solution', 'solution_suited', 'Place en formation : convient à un profil sans qualification', 8],
    ['CDI, qualified', { hasQualification: true }, { contractType: ContractType.Cdi, solutions: [NeedSolution.Job] }, 'solution', 'solution_suited', 'CDI : convient à un profil qualifié', 8],
    ['CDI, no qualification', {}, { contractType: ContractType.Cdi, solutions: [NeedSolution.Job] }, 'solution', 'solution_offered', 'Solution proposée : CDI', 4.8],
    ['apprenticeship, qualified', { hasQualification: true }, {}, 'solution', 'solution_offered', 'Solution proposée : Contrat d’apprentissage', 3.2],
    ['sponsorship', {}, { solutions: [NeedSolution.Apprenticeship, NeedSolution.Sponsorship] }, 'sponsorship', 'sponsorship', 'Parrainage proposé', 2],
    // fair share (5)
    ['no pending introduction', {}, {}, 'fair_share', 'fair_share_available', 'Employeur disponible (aucune mise en relation en attente)', 5],
    ['one pending introduction', {}, { pendingIntroductions: 1 }, 'fair_share', 'fair_share_pending', '1 mise en relation en attente chez cet employeur', 3.3],
    ['two pending introductions', {}, { pendingIntroductions: 2 }, 'fair_share', 'fair_share_pending', '2 mises en relation en attente chez cet employeur', 2.5],
  ])('%s', (_name, profileOverrides, needOverrides, prefix, code, label, points) => {
    expect(reasonOf(scoreMatch(profile(profileOverrides), need(needOverrides)), prefix)).toEqual({ code, label, points });
  });

  it('orders reasons by points descending and adds them up to the score', () => {
    const result = scored(scoreMatch(profile(), need({ romeCode: 'F1604', place: NIORT, tension: 0.55, pendingIntroductions: 3 })));
    const points = result.reasons.map((r) => r.points);
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(result.score).toBe(Math.round(points.reduce((a, b) => a + b, 0)));
    expect(result.score).toBe(57); // 19.3 + 15 + 8 + 6.3 + 6 + 2 = 56.6
  });

  it('gives no sponsorship reason when none is offered', () => {
    expect(scored(scoreMatch(profile(), need())).reasons.map((r) => r.code)).not.toContain('sponsorship');
  });
});

describe('scoreMatch: exclusions', () => {
  it.each<[string, Partial<MatchProfile>, Partial<MatchNeed>, MatchExclusion['reason']]>([
    ['the need’s department is avoided', { avoidDepartments: ['86'] }, {}, { code: 'avoided_department', label: 'Département à éviter pour ce profil (86)' }],
    ['the need’s occupation is avoided', { avoidRomeCodes: ['F1606'] }, {}, { code: 'avoided_occupation', label: 'Métier à éviter pour ce profil (F1606)' }],
    ['a department of a straddling basin is avoided, the need’s own being unknown', { avoidDepartments: ['79'] }, { place: LOUDUN }, { code: 'avoided_department', label: 'Département à éviter pour ce profil (79)' }],
    ['the need’s own department is avoided, wherever its basin reaches', { avoidDepartments: ['86'] }, { place: LOUDUN, departmentCode: '86' }, { code: 'avoided_department', label: 'Département à éviter pour ce profil (86)' }],
  ])('excludes when %s', (_name, profileOverrides, needOverrides, reason) => {
    expect(excluded(scoreMatch(profile(profileOverrides), need(needOverrides)))).toEqual(reason);
  });

  it('does not exclude a straddling basin when the need’s own department is known and not avoided', () => {
    const result = scored(scoreMatch(profile({ avoidDepartments: ['79'] }), need({ place: LOUDUN, departmentCode: '86' })));
    expect(reasonOf(result, 'place')).toEqual({ code: 'place_department', label: 'Même département (86)', points: 15 });
  });

  it('does not exclude an unrelated occupation, nor a neighbour of an avoided one', () => {
    expect(scored(scoreMatch(profile(), need({ romeCode: 'K2204' }))).excluded).toBe(false);
    expect(scored(scoreMatch(profile({ avoidRomeCodes: ['F1606'], targetRomeCodes: ['F1604'] }), need({ romeCode: 'F1602' }))).excluded).toBe(false);
  });
});

describe('scoreMatch: monotonicity', () => {
  const score = (p: Partial<MatchProfile>, n: Partial<MatchNeed>) => scored(scoreMatch(profile(p), need(n))).score;

  it('ranks exact > professional domain > grand domain > unrelated', () => {
    const scores = ['F1606', 'F1604', 'F1201', 'K2204'].map((romeCode) => score({}, { romeCode }));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(4);
  });

  it('keeps each occupation level above the next one whatever the rank of the target that reaches it', () => {
    const ranks = [0, 1, 2, 3, 4];
    const at = (rank: number, code: string) => ['K2204', 'K2205', 'K2206', 'K2207', 'K2208'].map((c, i) => (i === rank ? code : c));
    const worstExact = Math.min(...ranks.map((r) => score({ targetRomeCodes: at(r, 'F1606') }, {})));
    const bestDomain = Math.max(...ranks.map((r) => score({ targetRomeCodes: at(r, 'F1602') }, {})));
    const worstDomain = Math.min(...ranks.map((r) => score({ targetRomeCodes: at(r, 'F1602') }, {})));
    const bestGrand = Math.max(...ranks.map((r) => score({ targetRomeCodes: at(r, 'F1201') }, {})));
    expect(worstExact).toBeGreaterThan(bestDomain);
    expect(worstDomain).toBeGreaterThan(bestGrand);
  });

  it('ranks same basin > same department > same region > elsewhere', () => {
    const scores = [POITIERS, CHATELLERAULT, NIORT, LYON].map((place) => score({}, { place }));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(new Set(scores).size).toBe(4);
  });

  it('keeps each place level above the next one whatever the rank of the basin that reaches it', () => {
    const others = [LYON, { ...LYON, basinCode: '8402' }, { ...LYON, basinCode: '8403' }, { ...LYON, basinCode: '8404' }];
    const at = (rank: number, place: MatchPlace) => [...others.slice(0, rank), place, ...others.slice(rank)];
    const ranks = [0, 1, 2, 3, 4];
    const worstBasin = Math.min(...ranks.map((r) => score({ targetBasins: at(r, POITIERS) }, {})));
    const bestDepartment = Math.max(...ranks.map((r) => score({ targetBasins: at(r, CHATELLERAULT) }, {})));
    const worstDepartment = Math.min(...ranks.map((r) => score({ targetBasins: at(r, CHATELLERAULT) }, {})));
    const bestRegion = Math.max(...ranks.map((r) => score({ targetBasins: at(r, NIORT) }, {})));
    expect(worstBasin).toBeGreaterThan(bestDepartment);
    expect(worstDepartment).toBeGreaterThan(bestRegion);
  });

  it('weights lower-ranked target occupations down, never below 60 %', () => {
    const targets = ['F1606', 'K2204', 'K2205', 'K2206', 'K2207', 'K2208', 'K2209'];
    const points = targets.map((romeCode) => reasonOf(scoreMatch(profile({ targetRomeCodes: targets }), need({ romeCode, romeLabel: null })), 'occupation').points);
    expect(points).toEqual([35, 31.5, 28, 24.5, 21, 21, 21]);
  });

  it('weights lower-ranked target basins down more gently, never below 80 %', () => {
    const basins = ['7513', '8401', '8402', '8403', '8404', '8405', '8406'].map((basinCode) => ({ ...LYON, basinCode }));
    const points = basins.map((place) => reasonOf(scoreMatch(profile({ targetBasins: basins }), need({ place })), 'place').points);
    expect(points).toEqual([25, 23.8, 22.5, 21.3, 20, 20, 20]);
  });

  it('takes the best target, not the first one that relates', () => {
    const result = scoreMatch(profile({ targetRomeCodes: ['F1602', 'F1606'], targetBasins: [NIORT, POITIERS] }), need());
    expect(reasonOf(result, 'occupation').code).toBe('occupation_exact');
    expect(reasonOf(result, 'place').code).toBe('place_basin');
  });

  it('decreases the points of a start after release as the gap grows, and never lets it beat an overlap', () => {
    const starts = ['2026-06-30', '2026-07-01', '2026-07-15', '2026-08-15', '2026-09-30', '2026-10-01'];
    const points = starts.map((startFrom) => reasonOf(scoreMatch(profile(), need({ startFrom, startUntil: null })), 'timing').points);
    expect(points[0]).toBe(15);
    for (let i = 1; i < points.length; i++) expect(points[i]).toBeLessThan(points[i - 1]);
    expect(points[points.length - 1]).toBe(0);
  });

  it('scores tension strong > moderate > low > unknown', () => {
    const scores = [0.6, 0.5999, 0.5001, 0.5, null].map((tension) => reasonOf(scoreMatch(profile(), need({ tension })), 'tension'));
    expect(scores.map((r) => r.code)).toEqual(['tension_strong', 'tension_moderate', 'tension_moderate', 'tension_low', 'tension_unknown']);
    expect(scores.map((r) => r.points)).toEqual([10, 6, 6, 2, 0]);
  });

  it('never reads a tension just under the threshold as 60 %', () => {
    expect(reasonOf(scoreMatch(profile(), need({ tension: 0.5999 })), 'tension').label).toBe('Tension moyenne : 59 % de recrutements difficiles');
    expect(reasonOf(scoreMatch(profile(), need({ tension: 0.58 })), 'tension').label).toBe('Tension moyenne : 58 % de recrutements difficiles');
  });

  it('decays the fair share with pending introductions, never to zero', () => {
    const points = [0, 1, 2, 5, 20].map((pendingIntroductions) => reasonOf(scoreMatch(profile(), need({ pendingIntroductions })), 'fair_share').points);
    for (let i = 1; i < points.length; i++) expect(points[i]).toBeLessThan(points[i - 1]);
    expect(points[points.length - 1]).toBeGreaterThan(0);
  });
});

describe('scoreMatch: windows', () => {
  const timing = (p: Partial<MatchProfile>, n: Partial<MatchNeed>) => reasonOf(scoreMatch(profile(p), need(n)), 'timing').code;

  it.each<[string, Partial<MatchProfile>, Partial<MatchNeed>, MatchReasonCode]>([
    ['need window ends on the first day of release', {}, { startFrom: '2026-01-01', startUntil: '2026-03-01' }, 'timing_overlap'],
    ['need window ends the day before release', {}, { startFrom: '2026-01-01', startUntil: '2026-02-28' }, 'timing_before'],
    ['need window starts on the last day of release', {}, { startFrom: '2026-06-30', startUntil: '2026-12-31' }, 'timing_overlap'],
    ['need window starts the day after release', {}, { startFrom: '2026-07-01', startUntil: '2026-12-31' }, 'timing_soon_after'],
    ['need window open on both sides', {}, { startFrom: null, startUntil: null }, 'timing_overlap'],
    ['need window with no end, starting before release', {}, { startFrom: '2025-01-01', startUntil: null }, 'timing_overlap'],
    ['need window with no start, ending after release began', {}, { startFrom: null, startUntil: '2026-03-01' }, 'timing_overlap'],
    ['need window with no start, ending before release', {}, { startFrom: null, startUntil: '2026-02-01' }, 'timing_before'],
    ['release date without end: that day, inside', { releaseUntil: null }, { startFrom: '2026-02-01', startUntil: '2026-03-01' }, 'timing_overlap'],
    ['release date without end: that day, need starting after it', { releaseUntil: null }, { startFrom: '2026-03-02', startUntil: null }, 'timing_soon_after'],
    ['release end without start: that day', { releaseFrom: null, releaseUntil: '2026-06-30' }, { startFrom: '2026-06-30', startUntil: '2026-06-30' }, 'timing_overlap'],
    ['inverted release window read in order', { releaseFrom: '2026-06-30', releaseUntil: '2026-03-01' }, { startFrom: '2026-04-01', startUntil: '2026-04-01' }, 'timing_overlap'],
    ['adjustment horizon: 12 months before release, to the day', { adjustments: [SentenceAdjustment.LiberationConditionnelle] }, { startFrom: null, startUntil: '2025-03-01' }, 'timing_before_adjustment'],
    ['adjustment horizon: a day further', { adjustments: [SentenceAdjustment.LiberationConditionnelle] }, { startFrom: null, startUntil: '2025-02-28' }, 'timing_too_early'],
  ])('%s', (_name, p, n, code) => {
    expect(timing(p, n)).toBe(code);
  });

  it('counts 3 months in calendar months, clamped to the end of shorter months', () => {
    // Release ends 30 November: the limit is 28 February of a common year, 29 in a leap year.
    expect(timing({ releaseFrom: '2026-11-30', releaseUntil: null }, { startFrom: '2027-02-28', startUntil: null })).toBe('timing_soon_after');
    expect(timing({ releaseFrom: '2026-11-30', releaseUntil: null }, { startFrom: '2027-03-01', startUntil: null })).toBe('timing_late');
    expect(timing({ releaseFrom: '2027-11-30', releaseUntil: null }, { startFrom: '2028-02-29', startUntil: null })).toBe('timing_soon_after');
  });

  it('refuses a malformed date rather than guessing', () => {
    expect(() => scoreMatch(profile({ releaseFrom: '01/03/2026' }), need())).toThrow(/invalid date "01\/03\/2026"/);
  });

  it('never states a date or a number of days, which would give the release date away', () => {
    const starts = ['2026-04-01', '2026-07-01', '2026-08-15', '2026-12-01', '2025-06-01', '2024-06-01'];
    const reasons = starts.map((startFrom) => reasonOf(scoreMatch(profile({ adjustments: [SentenceAdjustment.SemiLiberte] }), need({ startFrom, startUntil: startFrom })), 'timing'));
    expect(new Set(reasons.map((r) => r.code)).size).toBe(5);
    for (const { label } of reasons) expect(label).not.toMatch(/\d{4}|jours?\b|\d+\/\d+|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre/);
  });
});

describe('isQualified', () => {
  it.each<[{ level: number | null; status: TrainingStatus }[], boolean]>([
    [[{ level: 3, status: TrainingStatus.Obtained }], true],
    [[{ level: 5, status: TrainingStatus.Obtained }], true],
    [[{ level: 3, status: TrainingStatus.InProgress }], false],
    [[{ level: null, status: TrainingStatus.Obtained }], false],
    [[{ level: 2, status: TrainingStatus.Obtained }], false],
    [[], false],
  ])('%j → %s', (trainings, expected) => {
    expect(isQualified(trainings)).toBe(expected);
  });
});

describe('rankNeeds / rankProfiles', () => {
  it('ranks needs best first, drops the excluded ones and keeps the caller’s own fields', () => {
    const needs = [
      { id: 'region', ...need({ place: NIORT }) },
      { id: 'avoided', ...need({ romeCode: 'F1703' }) },
      { id: 'exact', ...need() },
      { id: 'domain', ...need({ romeCode: 'F1604' }) },
    ];
    const ranked = rankNeeds(profile({ avoidRomeCodes: ['F1703'] }), needs);
    expect(ranked.map((r) => r.item.id)).toEqual(['exact', 'domain', 'region']);
    const alone = scored(scoreMatch(profile(), needs[2]));
    expect(ranked[0]).toEqual({ item: needs[2], score: alone.score, reasons: alone.reasons });
  });

  it('breaks ties by the given order, in both directions of the input', () => {
    const needs = ['a', 'b', 'c', 'd'].map((id) => ({ id, ...need() }));
    expect(rankNeeds(profile(), needs).map((r) => r.item.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(rankNeeds(profile(), [...needs].reverse()).map((r) => r.item.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('orders by exact totals, not by rounded scores', () => {
    // 95.5 and 96.3 both show 96: the better one still comes first.
    const needs = [{ id: 'two-pending', ...need({ pendingIntroductions: 2 }) }, { id: 'one-pending', ...need({ pendingIntroductions: 1 }) }];
    const ranked = rankNeeds(profile(), needs);
    expect(ranked.map((r) => [r.item.id, r.score])).toEqual([
      ['one-pending', 96],
      ['two-pending', 96],
    ]);
  });

  it('ranks profiles for a need, dropping those who avoid its department or occupation', () => {
    const profiles = [
      { code: 'PSG-AAAA', ...profile({ targetRomeCodes: ['F1201'] }) },
      { code: 'PSG-BBBB', ...profile({ avoidDepartments: ['86'] }) },
      { code: 'PSG-CCCC', ...profile() },
      { code: 'PSG-DDDD', ...profile({ targetBasins: [NIORT] }) },
      { code: 'PSG-EEEE', ...profile({ avoidRomeCodes: ['F1606'] }) },
    ];
    expect(rankProfiles(need(), profiles).map((r) => r.item.code)).toEqual(['PSG-CCCC', 'PSG-DDDD', 'PSG-AAAA']);
  });

  it('returns nothing for nothing', () => {
    expect(rankNeeds(profile(), [])).toEqual([]);
    expect(rankProfiles(need(), [])).toEqual([]);
  });
});

describe('generated pairs', () => {
  /** A seeded generator, so a failure replays identically. */
  function generator(seed: number) {
    const next = mulberry32(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const some = <T>(items: readonly T[], max: number): T[] => Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(items));
    const date = () => `${pick([2025, 2026, 2027])}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    const maybe = <T>(value: () => T): T | null => (next() < 0.2 ? null : value());
    const window = (): [string | null, string | null] => {
      const [a, b] = [maybe(date), maybe(date)];
      return a !== null && b !== null && b < a ? [b, a] : [a, b];
    };
    return { next, pick, some, date, maybe, window };
  }

  const ROME = ['F1606', 'F1604', 'F1602', 'F1201', 'F1703', 'K2204', 'K2110', 'N1103', 'N4101', 'H2909'];
  const PLACES = [POITIERS, CHATELLERAULT, NIORT, LOUDUN, LYON];
  const DEPARTMENTS = ['86', '79', '69', '17'];

  function pairs(seed: number, count: number): [MatchProfile, MatchNeed][] {
    const g = generator(seed);
    return Array.from({ length: count }, () => {
      const [releaseFrom, releaseUntil] = g.window();
      const [startFrom, startUntil] = g.window();
      const p: MatchProfile = {
        targetRomeCodes: g.some(ROME, 5),
        targetBasins: g.some(PLACES, 3),
        releaseFrom,
        releaseUntil,
        adjustments: g.some(Object.values(SentenceAdjustment), 2),
        hasQualification: g.next() < 0.5,
        avoidDepartments: g.next() < 0.1 ? [g.pick(DEPARTMENTS)] : [],
        avoidRomeCodes: g.next() < 0.1 ? [g.pick(ROME)] : [],
      };
      const projects = g.maybe(() => Math.floor(g.next() * 300));
      const n: MatchNeed = {
        romeCode: g.pick(ROME),
        romeLabel: g.maybe(() => 'Libellé'),
        place: g.pick(PLACES),
        departmentCode: g.maybe(() => g.pick(DEPARTMENTS)),
        startFrom,
        startUntil,
        contractType: g.pick(Object.values(ContractType)),
        solutions: g.some(Object.values(NeedSolution), 4),
        tension: projects === null || projects === 0 ? null : g.maybe(() => Math.round(g.next() * 10_000) / 10_000),
        projects,
        pendingIntroductions: Math.floor(g.next() * 8),
      };
      return [p, n];
    });
  }

  it('keeps every score an integer within 0..100, with ordered reasons that add up to it', () => {
    let excludedCount = 0;
    const violations: string[] = [];
    pairs(20260301, 5000).forEach(([p, n], i) => {
      const result = scoreMatch(p, n);
      if (result.excluded) {
        excludedCount++;
        return;
      }
      const points = result.reasons.map((r) => r.points);
      const sum = points.reduce((a, b) => a + b, 0);
      if (!Number.isInteger(result.score) || result.score < 0 || result.score > 100) violations.push(`#${i}: score ${result.score}`);
      if (points.some((x, k) => x < 0 || (k > 0 && x > points[k - 1]))) violations.push(`#${i}: points ${points.join(', ')}`);
      if (Math.abs(sum - result.score) > 0.5 + 1e-9) violations.push(`#${i}: reasons add up to ${sum}, score ${result.score}`);
    });
    expect(violations).toEqual([]);
    // The generator must reach exclusions and scores both, or the loop above proves little.
    expect(excludedCount).toBeGreaterThan(100);
    expect(excludedCount).toBeLessThan(2500);
  });

  it('spreads scores over the range', () => {
    const scores = pairs(7, 3000).map(([p, n]) => scoreMatch(p, n)).flatMap((r) => (r.excluded ? [] : [r.score]));
    expect(Math.min(...scores)).toBeLessThan(20);
    expect(Math.max(...scores)).toBeGreaterThan(80);
  });

  it('is deterministic: the same pairs give the same results, and ranking does not depend on anything else', () => {
    const first = pairs(42, 500).map(([p, n]) => scoreMatch(p, n));
    const second = pairs(42, 500).map(([p, n]) => scoreMatch(p, n));
    expect(second).toEqual(first);
    const [p] = pairs(43, 1)[0];
    const needs = pairs(44, 200).map(([, n], i) => ({ i, ...n }));
    expect(rankNeeds(p, needs)).toEqual(rankNeeds(p, needs));
    const ranked = rankNeeds(p, needs);
    for (let k = 1; k < ranked.length; k++) {
      const [a, b] = [ranked[k - 1], ranked[k]];
      expect(a.score).toBeGreaterThanOrEqual(b.score);
    }
  });
});
