import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTabularFile } from '../../infra/import/tabular-file';
import { projectRoot } from '../../common/templates-dir';
import { CURATED_CROSSWALK_FILE, DEMO_REFERENCE_DIR } from './reference-seed';

/** The rows of a demo CSV as objects keyed by header. */
async function records(path: string): Promise<Record<string, string>[]> {
  const { header, rows } = await readTabularFile(path, { encoding: 'utf-8' });
  return rows.map(({ cells }) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

describe('demo reference data', () => {
  it('keeps the demo files in the checkout', () => {
    expect(DEMO_REFERENCE_DIR).toBe(join(projectRoot(), 'data', 'demo'));
    expect(existsSync(join(DEMO_REFERENCE_DIR, 'bmo_demo.csv'))).toBe(true);
  });

  it('covers every curated crosswalk link with a demo ROME code and demo survey rows', async () => {
    const links = await records(CURATED_CROSSWALK_FILE);
    const romeCodes = new Set((await records(join(DEMO_REFERENCE_DIR, 'rome', 'unix_referentiel_code_rome_v458_demo.csv'))).map((r) => r.code_rome));
    const fapCodes = new Set((await records(join(DEMO_REFERENCE_DIR, 'bmo_demo.csv'))).map((r) => r['Code métier BMO']));
    expect(links.filter((l) => !romeCodes.has(l.rome_code)).map((l) => l.rome_code)).toEqual([]);
    expect(links.filter((l) => !fapCodes.has(l.fap_code)).map((l) => l.fap_code)).toEqual([]);
  });

  it('keeps the invented survey figures consistent: difficult and seasonal projects within projects, some cells secret', async () => {
    const rows = await records(join(DEMO_REFERENCE_DIR, 'bmo_demo.csv'));
    const known = (value: string) => (value === '*' ? undefined : Number(value));
    const inconsistent = rows.filter((r) => {
      const projects = known(r.met);
      return projects !== undefined && [known(r.xmet), known(r.smet)].some((part) => part !== undefined && part > projects);
    });
    expect(inconsistent).toEqual([]);
    expect(rows.some((r) => r.met === '*')).toBe(true);
    expect(new Set(rows.map((r) => r.annee))).toEqual(new Set(['2024']));
  });
});
