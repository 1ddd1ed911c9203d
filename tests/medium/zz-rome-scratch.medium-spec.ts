import { ImportKind } from '../../src/modules/imports/importer';
import { OccupationsService } from '../../src/modules/occupations/occupations.service';
import { startImportHarness } from '../support/import-harness';
import { sharedData } from '../support/reference-files';
jest.setTimeout(120_000);
it('scratch', async () => {
  const h = await startImportHarness();
  await h.importFile(ImportKind.Rome, sharedData('rome_v4', 'unix_grand_domaine_v458_utf8.csv'));
  const s = h.context.get(OccupationsService);
  const out: string[] = [];
  for (const q of (process.env.QUERIES ?? '').split('|')) {
    const r = await s.suggest(q, 5);
    out.push(`## ${q}\n` + r.map((x) => `  ${x.code} ${x.label} ← ${x.matchedTitle}`).join('\n'));
  }
  console.log(out.join('\n'));
  await h.close();
});
