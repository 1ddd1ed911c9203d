import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseCsv } from '../../infra/import/csv-reader';
import { CODE_ALPHABET, profilePiiFindings, publishBlockers, releaseWindowErrors } from '../../modules/candidates/candidate-profile-rules';
import { CandidateProfileValues } from '../../modules/candidates/candidate-profiles.repository';
import { CandidateProfileFieldsDto } from '../../modules/candidates/dto/candidate-profile.dto';
import { NeedSolution } from '../../modules/employer-needs/employer-need';
import { DEMO_REFERENCE_DIR } from './reference-seed';
import { generateSyntheticProfiles, SYNTHETIC_CODE_CAPACITY, SyntheticProfile, SyntheticProfileOptions } from './synthetic-profiles';

/** The demo reference files: real ROME labels, BMO basin names and prison names, as the demo seed loads them. */
function demoRecords(file: string): Record<string, string>[] {
  const { header, rows } = parseCsv(readFileSync(join(DEMO_REFERENCE_DIR, file), 'utf8'));
  return rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row.cells[i] ?? ''])));
}

const romeCodes = demoRecords('rome/unix_referentiel_code_rome_v458_demo.csv').map((r) => ({ code: r.code_rome, label: r.libelle_rome }));
const basins = demoRecords('basins.csv').map((r) => ({ code: r.code_bassin, name: r.nom_bassin }));
const establishments = demoRecords('etablissements.csv').map((r) => ({ code: r.etablissement, name: r.nom_annuaire }));
/** What the publishing service checks the text against: each establishment's name and code. */
const establishmentNames = establishments.flatMap(({ code, name }) => [name, code].filter((text) => text !== ''));

const TODAY = '2026-07-01';
const options: SyntheticProfileOptions = { seed: 2026, today: TODAY, romeCodes, basins, establishmentCodes: establishments.map(({ code }) => code) };

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The fields a counsellor writes, as the API would receive them. */
function fieldsOf(profile: SyntheticProfile): CandidateProfileValues {
  const { code: _code, status: _status, publishedAt: _publishedAt, consentGivenOn: _consentGivenOn, ...values } = profile;
  return values;
}

const share = (profiles: readonly SyntheticProfile[], test: (profile: SyntheticProfile) => boolean) => profiles.filter(test).length / profiles.length;

describe('generateSyntheticProfiles', () => {
  let profiles: SyntheticProfile[];

  // About 2 s on the 2-core machine; the margin is for a loaded CI.
  beforeAll(() => {
    profiles = generateSyntheticProfiles(100_000, options);
  }, 60_000);

  it('is deterministic: the same seed gives the same profiles, another seed others', () => {
    const first = generateSyntheticProfiles(300, options);
    expect(generateSyntheticProfiles(300, options)).toEqual(first);
    // A shorter run is the start of a longer one, so a benchmark can grow its set without reshuffling it.
    expect(first).toEqual(profiles.slice(0, 300));

    const other = generateSyntheticProfiles(300, { ...options, seed: 2027 });
    expect(other).not.toEqual(first);
    const shared = new Set(first.map(({ code }) => code));
    expect(other.filter(({ code }) => shared.has(code)).length).toBeLessThan(5);
    expect(other.filter((profile, i) => profile.project === first[i].project).length).toBeLessThan(30);
  });

  it('gives 100,000 profiles 100,000 distinct PSG- codes of four characters', () => {
    expect(profiles).toHaveLength(100_000);
    const codePattern = new RegExp(`^PSG-[${CODE_ALPHABET}]{4}$`);
    expect(profiles.filter(({ code }) => !codePattern.test(code))).toEqual([]);
    expect(new Set(profiles.map(({ code }) => code)).size).toBe(100_000);
  });

  it('never generates an excluded code, and refuses more profiles than free codes', () => {
    const excluded = profiles.slice(0, 5_000).map(({ code }) => code);
    const again = generateSyntheticProfiles(5_000, { ...options, excludeCodes: excluded });
    const taken = new Set(excluded);
    expect(again.filter(({ code }) => taken.has(code))).toEqual([]);

    expect(() => generateSyntheticProfiles(SYNTHETIC_CODE_CAPACITY + 1, options)).toThrow(RangeError);
    expect(() => generateSyntheticProfiles(SYNTHETIC_CODE_CAPACITY - 2, { ...options, excludeCodes: excluded.slice(0, 3) })).toThrow(/codes are free/);
  });

  it('refuses options it cannot build a publishable profile from', () => {
    expect(() => generateSyntheticProfiles(1, { ...options, romeCodes: [] })).toThrow(/ROME/);
    expect(() => generateSyntheticProfiles(1, { ...options, basins: [] })).toThrow(/basin/);
    expect(() => generateSyntheticProfiles(1, { ...options, romeCodes: [{ code: 'F16', label: 'Bâtiment' }] })).toThrow(/F16/);
    expect(() => generateSyntheticProfiles(1, { ...options, today: '2026-02-30' })).toThrow(/today/);
  });

  it('passes the profile DTO validation and the publishing rules (sample of 500)', () => {
    const failures: unknown[] = [];
    for (let i = 0; i < profiles.length; i += profiles.length / 500) {
      const profile = profiles[i];
      const errors = validateSync(plainToInstance(CandidateProfileFieldsDto, fieldsOf(profile)), { whitelist: true, forbidNonWhitelisted: true });
      const rules = [...publishBlockers(profile), ...releaseWindowErrors(profile.releaseFrom, profile.releaseUntil)];
      if (errors.length > 0 || rules.length > 0) failures.push({ code: profile.code, errors: errors.map(String), rules });
    }
    expect(failures).toEqual([]);
  });

  it('keeps every field within the shape the brief and the table expect', () => {
    const romeSet = new Set(romeCodes.map(({ code }) => code));
    const basinSet = new Set(basins.map(({ code }) => code));
    const establishmentSet = new Set(options.establishmentCodes);
    const today = dayNumber(TODAY);
    const problems: string[] = [];
    for (const p of profiles) {
      const check = (ok: boolean, what: string) => ok || problems.push(`${p.code}: ${what}`);
      check(p.status === 'published', 'status');
      check(p.targetRomeCodes.length >= 1 && p.targetRomeCodes.length <= 3 && p.targetRomeCodes.every((code) => romeSet.has(code)), 'occupations');
      check(new Set(p.targetRomeCodes).size === p.targetRomeCodes.length, 'occupations repeated');
      check(p.targetBasinCodes.length >= 1 && p.targetBasinCodes.length <= 2 && p.targetBasinCodes.every((code) => basinSet.has(code)), 'basins');
      check(new Set(p.targetBasinCodes).size === p.targetBasinCodes.length, 'basins repeated');
      const from = dayNumber(p.releaseFrom!);
      const until = dayNumber(p.releaseUntil!);
      check(from > today && until <= today + 730, 'window outside the next two years');
      check(until - from >= 21 && until - from <= 92, 'window length');
      check(p.skills.length >= 2 && p.skills.length <= 6 && new Set(p.skills).size === p.skills.length, 'skills');
      check(p.trainings.length <= 3 && p.trainings.every(({ level }) => level === null || (level >= 3 && level <= 5)), 'trainings');
      check(p.soughtSolutions.length > 0 && new Set(p.soughtSolutions).size === p.soughtSolutions.length, 'solutions');
      check(p.languages.length > 0, 'languages');
      check(p.establishmentCode !== null && establishmentSet.has(p.establishmentCode), 'establishment');
      check(p.project !== null && p.project.length <= 3000, 'project');
      check(p.availability === null || p.availability.length <= 300, 'availability');
      check(p.experiences.every(({ romeCode }) => romeCode === null || p.targetRomeCodes.includes(romeCode)), 'experience occupation');
      check(p.constraints.avoidRomeCodes.every((code) => !p.targetRomeCodes.includes(code)), 'avoided target');
      const published = dayNumber(p.publishedAt.slice(0, 10));
      check(dayNumber(p.consentGivenOn) <= published && published <= today && !Number.isNaN(Date.parse(p.publishedAt)), 'consent and publication days');
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('writes no personal data: the PII guard finds nothing in 2,000 profiles', () => {
    const findings = profiles.slice(0, 2_000).flatMap((profile) => profilePiiFindings(profile, establishmentNames).map((finding) => ({ code: profile.code, ...finding })));
    expect(findings).toEqual([]);
  });

  it('would have been caught by that check: the guard flags a name or an establishment slipped into a profile', () => {
    const [profile] = profiles;
    expect(profilePiiFindings({ ...profile, project: `${profile.project} Kevin est motivé.` }, establishmentNames).map(({ kind }) => kind)).toEqual(['first_name']);
    expect(profilePiiFindings({ ...profile, skills: [...profile.skills, 'Cuisine à la MA ROUEN'] }, establishmentNames).map(({ kind }) => kind)).toEqual(['establishment']);
  });

  it('replaces a reference label that reads like a name by a neutral phrase', () => {
    const risky = generateSyntheticProfiles(200, {
      ...options,
      romeCodes: [{ code: 'F1606', label: 'Peintre en bâtiment' }],
      basins: [{ code: '3210', name: 'ALBERT' }, { code: '7513', name: 'POITIERS' }],
      establishmentCodes: [],
    });
    expect(risky.flatMap((profile) => profilePiiFindings(profile, []))).toEqual([]);
    expect(risky.some((profile) => profile.project!.includes('bassin d’emploi visé'))).toBe(true);
    expect(risky.some((profile) => profile.project!.includes('bassin de Poitiers'))).toBe(true);
    expect(risky.every((profile) => profile.establishmentCode === null)).toBe(true);
  });

  it('has a realistic spread: adjustments, domains, licences, languages, windows, solutions', () => {
    expect(share(profiles, (p) => p.adjustments.length > 0)).toBeGreaterThan(0.3);
    expect(share(profiles, (p) => p.adjustments.length > 0)).toBeLessThan(0.5);

    const popular = /^(F|N|G|K22|A|D)/;
    expect(share(profiles, (p) => popular.test(p.targetRomeCodes[0]))).toBeGreaterThan(0.75);
    expect(share(profiles, (p) => !popular.test(p.targetRomeCodes[0]))).toBeGreaterThan(0.05);
    for (const count of [1, 2, 3]) expect(share(profiles, (p) => p.targetRomeCodes.length === count)).toBeGreaterThan(0.1);
    expect(share(profiles, (p) => p.targetBasinCodes.length === 2)).toBeGreaterThan(0.2);

    expect(share(profiles, (p) => p.mobility.licences.includes('B'))).toBeGreaterThan(0.5);
    expect(share(profiles, (p) => p.mobility.licences.includes('B'))).toBeLessThan(0.8);
    expect(share(profiles, (p) => p.mobility.licences.some((licence) => licence.startsWith('CACES')))).toBeGreaterThan(0.1);
    expect(share(profiles, (p) => p.languages.includes('Français'))).toBeGreaterThan(0.9);
    expect(share(profiles, (p) => p.languages.length > 1)).toBeGreaterThan(0.2);

    // Windows open all over the next two years, not in a lump.
    const openingYear = share(profiles, (p) => dayNumber(p.releaseFrom!) - dayNumber(TODAY) <= 365);
    expect(openingYear).toBeGreaterThan(0.4);
    expect(openingYear).toBeLessThan(0.65);

    const ageBands = new Set(profiles.map((p) => p.ageBand));
    expect(ageBands.size).toBe(5);
    expect(share(profiles, (p) => p.soughtSolutions.includes(NeedSolution.Job))).toBeGreaterThan(0.8);
    for (const solution of Object.values(NeedSolution)) expect(share(profiles, (p) => p.soughtSolutions.includes(solution))).toBeGreaterThan(0.03);
    expect(share(profiles, (p) => p.trainings.length === 0)).toBeGreaterThan(0.25);
    expect(share(profiles, (p) => p.trainings.some((t) => t.inDetention))).toBeGreaterThan(0.25);
    expect(share(profiles, (p) => p.trainings.some((t) => t.status === 'in_progress'))).toBeGreaterThan(0.15);
    expect(share(profiles, (p) => p.availability === null)).toBeLessThan(0.2);
    expect(new Set(profiles.map((p) => p.project)).size).toBeGreaterThan(50_000);
  });
});
