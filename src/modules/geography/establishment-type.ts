import { identifierKey } from '../../common/text/fold';

/** Values of establishments.type (a CHECK constraint of the schema). */
export enum EstablishmentType {
  MaisonArret = 'maison_arret',
  CentreDetention = 'centre_detention',
  CentrePenitentiaire = 'centre_penitentiaire',
  MaisonCentrale = 'maison_centrale',
  CentreSemiLiberte = 'centre_semi_liberte',
  EtablissementMineurs = 'etablissement_mineurs',
  Other = 'other',
}

export const ESTABLISHMENT_TYPE_LABELS: Record<EstablishmentType, string> = {
  [EstablishmentType.MaisonArret]: "Maison d'arrêt",
  [EstablishmentType.CentreDetention]: 'Centre de détention',
  [EstablishmentType.CentrePenitentiaire]: 'Centre pénitentiaire',
  [EstablishmentType.MaisonCentrale]: 'Maison centrale',
  [EstablishmentType.CentreSemiLiberte]: 'Centre de semi-liberté',
  [EstablishmentType.EtablissementMineurs]: 'Établissement pénitentiaire pour mineurs',
  [EstablishmentType.Other]: 'Autre établissement',
};

/** The labels of the DGAP and annuaire files, compared without case, accents or punctuation. */
const BY_LABEL = new Map<string, EstablishmentType>([
  ...Object.values(EstablishmentType).map((type) => [identifierKey(ESTABLISHMENT_TYPE_LABELS[type]), type] as const),
  ...Object.values(EstablishmentType).map((type) => [type, type] as const),
  ['centre_de_semi_liberte', EstablishmentType.CentreSemiLiberte],
  ['csl', EstablishmentType.CentreSemiLiberte],
  ['epm', EstablishmentType.EtablissementMineurs],
  ['esm', EstablishmentType.EtablissementMineurs],
]);

/** The type of a French label ("Maison d'arrêt"), or undefined when the label is unknown. */
export function establishmentTypeOf(label: string): EstablishmentType | undefined {
  return BY_LABEL.get(identifierKey(label));
}

/** The French labels accepted in a file, for error messages. */
export const ESTABLISHMENT_TYPE_CHOICES = Object.values(EstablishmentType)
  .filter((type) => type !== EstablishmentType.Other)
  .map((type) => ESTABLISHMENT_TYPE_LABELS[type]);
