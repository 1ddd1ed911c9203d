import { join } from 'node:path';
import { readTabularFile, resolveColumns } from '../../infra/import/tabular-file';
import { sharedData } from '../../../tests/support/reference-files';

const CURATED = join(__dirname, '..', '..', '..', 'data', 'crosswalk', 'fap-rome-curated.csv');

/** Occupations the demo seed and the tests rely on: each needs at least one checked link. */
const REQUIRED_ROME = [
  'F1606', 'F1703', 'F1603', 'F1602', 'H2913', 'N1101', 'N1103', 'N4101', 'G1602', 'G1603',
  'G1803', 'D1106', 'D1507', 'K2204', 'A1203', 'A1414', 'H3302', 'I1203', 'J1501', 'K1302',
];

async function table(path: string, spec: Record<string, readonly string[]>) {
  const { header, rows } = await readTabularFile(path);
  const columns = resolveColumns(header, spec);
  return rows.map(({ line, cells }) => ({ line, ...Object.fromEntries(Object.entries(columns).map(([k, i]) => [k, cells[i]])) }) as Record<string, string> & { line: number });
}

describe('curated FAP 2021 ↔ ROME crosswalk (data/crosswalk/fap-rome-curated.csv)', () => {
  let links: Awaited<ReturnType<typeof table>>;
  let romeLabels: Map<string, string>;
  let fapLabels: Map<string, string>;

  beforeAll(async () => {
    links = await table(CURATED, { fapCode: ['fap_code'], fapLabel: ['fap_label'], romeCode: ['rome_code'], romeLabel: ['rome_label'] });
    const rome = await table(sharedData('rome_v4', 'unix_referentiel_code_rome_v458_utf8.csv'), { code: ['code_rome'], label: ['libelle_rome'] });
    romeLabels = new Map(rome.map((r) => [r.code, r.label]));
    const fap = await table(sharedData('bmo', 'fap2021_nomenclature.csv'), { code: ['code_fap228'], label: ['intitule_fap228'] });
    fapLabels = new Map(fap.map((r) => [r.code, r.label]));
  });

  it('gives, for every link, the exact ROME 4.0 label and the exact FAP228 label of the reference files', () => {
    expect(links.length).toBeGreaterThanOrEqual(REQUIRED_ROME.length);
    const wrong = links.filter((l) => romeLabels.get(l.romeCode) !== l.romeLabel || fapLabels.get(l.fapCode) !== l.fapLabel);
    expect(wrong).toEqual([]);
  });

  it('covers every occupation the demo and the tests use, with no duplicated pair', () => {
    const linked = new Set(links.map((l) => l.romeCode));
    expect(REQUIRED_ROME.filter((code) => !linked.has(code))).toEqual([]);
    const pairs = links.map((l) => `${l.fapCode}|${l.romeCode}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('links the building painters family to the painter in building', () => {
    expect(links).toContainEqual(expect.objectContaining({ fapCode: 'B2X36', fapLabel: 'Ouvriers en peinture en bâtiment', romeCode: 'F1606', romeLabel: 'Peintre en bâtiment' }));
  });
});
