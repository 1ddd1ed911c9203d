import { join } from 'node:path';
import { projectRoot } from '../../common/templates-dir';
import { ImportKind } from '../../modules/imports/importer';
import { ImportReport, ImportRunner } from '../../modules/imports/import-runner.service';

/** The demo's curated subset of reference data (data/demo/README.md says what each file holds). */
export const DEMO_REFERENCE_DIR = join(projectRoot(), 'data', 'demo');

/** The curated FAP ↔ ROME links, kept beside the demo data because real imports use them too. */
export const CURATED_CROSSWALK_FILE = join(projectRoot(), 'data', 'crosswalk', 'fap-rome-curated.csv');

/**
 * The demo files in the order the importers need them: the ROME referential before the crosswalk
 * that checks its labels, basins before the communes and prisons that point to them, the BMO file
 * (which names the FAP occupations) before the crosswalk that checks FAP labels against it.
 */
function demoSteps(dir: string): { kind: ImportKind; file: string }[] {
  return [
    { kind: ImportKind.Rome, file: join(dir, 'rome') },
    { kind: ImportKind.Basins, file: join(dir, 'basins.csv') },
    { kind: ImportKind.Communes, file: join(dir, 'communes_bassin_emploi.csv') },
    { kind: ImportKind.Communes, file: join(dir, 'communes_coordonnees.csv') },
    { kind: ImportKind.Communes, file: join(dir, 'communes_codes_postaux.csv') },
    { kind: ImportKind.Establishments, file: join(dir, 'etablissements.csv') },
    { kind: ImportKind.Bmo, file: join(dir, 'bmo_demo.csv') },
    { kind: ImportKind.Crosswalk, file: CURATED_CROSSWALK_FILE },
  ];
}

/**
 * Loads the demo reference data through the real importers, one transaction per file, stopping at the
 * first file refused. Idempotent: a second run reports every row unchanged.
 */
export async function seedReferenceData(runner: ImportRunner, dir = DEMO_REFERENCE_DIR): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const step of demoSteps(dir)) reports.push(await runner.run(step.kind, step.file));
  return reports;
}
