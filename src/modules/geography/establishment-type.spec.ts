import { establishmentTypeOf, EstablishmentType } from './establishment-type';

describe('establishmentTypeOf', () => {
  it('maps the labels of the establishments file whatever their case and accents', () => {
    expect(establishmentTypeOf("Maison d'arrêt")).toBe(EstablishmentType.MaisonArret);
    expect(establishmentTypeOf('CENTRE PENITENTIAIRE')).toBe(EstablishmentType.CentrePenitentiaire);
    expect(establishmentTypeOf('Centre de semi-liberté')).toBe(EstablishmentType.CentreSemiLiberte);
    expect(establishmentTypeOf('Établissement pénitentiaire pour mineurs')).toBe(EstablishmentType.EtablissementMineurs);
    expect(establishmentTypeOf('maison_centrale')).toBe(EstablishmentType.MaisonCentrale);
  });

  it('knows no other label', () => {
    expect(establishmentTypeOf('Prison')).toBeUndefined();
    expect(establishmentTypeOf('')).toBeUndefined();
  });
});
