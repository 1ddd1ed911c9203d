import { ImportFileError } from '../../infra/import/import-errors';
import { normalizeHeader, resolveColumns } from '../../infra/import/tabular-file';
import { SheetChooser } from '../../infra/import/xlsx-reader';

/** France Travail's BMO open-data file (xlsx sheet BMO_<year>_open_data, or its CSV export): its columns. */
export const BMO_COLUMNS = {
  year: ['annee'],
  fapCode: ['code_metier_bmo'],
  fapLabel: ['nom_metier_bmo'],
  familyCode: ['famille_met'],
  familyLabel: ['lbl_fam_met'],
  regionCode: ['reg'],
  regionName: ['nom_reg'],
  departmentCode: ['dept'],
  departmentName: ['nomdept'],
  projects: ['met'],
  difficult: ['xmet'],
  seasonal: ['smet'],
} as const;

/** The basin columns carry the zoning's vintage in their name: BE24/NOMBE24 for the 2024 survey. */
export const BMO_BASIN_CODE_HEADER = /^be[0-9]{2}$/;
export const BMO_BASIN_NAME_HEADER = /^nombe[0-9]{2}$/;

/** The official workbook has a notice sheet first; its data sheet is named BMO_<year>_open_data. */
export const chooseBmoSheet: SheetChooser = (sheets, sizes) =>
  sheets.find((s) => /^BMO_[0-9]{4}/i.test(s.name)) ?? [...sheets].sort((a, b) => (sizes.get(b.path) ?? 0) - (sizes.get(a.path) ?? 0))[0];

/** Column positions of a BMO file, the basin columns found whatever their vintage suffix. */
export function bmoColumns(header: string[]) {
  const normalized = header.map(normalizeHeader);
  const basinCode = normalized.findIndex((h) => BMO_BASIN_CODE_HEADER.test(h));
  const basinName = normalized.findIndex((h) => BMO_BASIN_NAME_HEADER.test(h));
  const missing = [basinCode < 0 ? 'BE<aa> (code du bassin)' : '', basinName < 0 ? 'NOMBE<aa> (nom du bassin)' : ''].filter(Boolean);
  let columns: Record<keyof typeof BMO_COLUMNS, number>;
  try {
    columns = resolveColumns(header, BMO_COLUMNS);
  } catch (error) {
    if (error instanceof ImportFileError && missing.length) throw ImportFileError.at(1, `${error.errors[0].message.replace(/ \(colonnes trouvées.*$/, '')}, ${missing.join(', ')}`);
    throw error;
  }
  if (missing.length) throw ImportFileError.at(1, `colonne(s) manquante(s) : ${missing.join(', ')} (colonnes trouvées : ${header.join(', ')})`);
  return { ...columns, basinCode, basinName };
}
