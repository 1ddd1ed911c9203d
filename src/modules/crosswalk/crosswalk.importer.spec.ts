import { ImportFileError } from '../../infra/import/import-errors';
import { detectFormat, sameLabel } from './crosswalk.importer';

describe('detectFormat', () => {
  it('recognises the Dares passage table by its normalised header, aliases included', () => {
    expect(detectFormat(['ROME', 'Intitulé ROME', 'Qualification', 'FAP 2021', 'Intitulé FAP'])).toBe('dares');
    expect(detectFormat(['Code ROME', 'Libellé ROME', 'Code FAP 2021'])).toBe('dares');
  });

  it('recognises the curated list, even with a column missing (resolveColumns then names it)', () => {
    expect(detectFormat(['fap_code', 'fap_label', 'rome_code', 'rome_label', 'comment'])).toBe('curated');
    expect(detectFormat(['fap_code', 'rome_code'])).toBe('curated');
  });

  it('fails at line 1 on any other header, listing what it found', () => {
    expect(() => detectFormat(['code', 'libelle'])).toThrow(ImportFileError);
    expect(() => detectFormat(['code', 'libelle'])).toThrow(/colonnes trouvées : code, libelle/);
  });
});

describe('sameLabel', () => {
  it('ignores only surrounding and repeated white space, non-breaking spaces included', () => {
    expect(sameLabel('Attachés commerciaux ', 'Attachés commerciaux')).toBe(true);
    expect(sameLabel('Techniciens et agents de maîtrise de chantiers du BTP\u00a0', 'Techniciens et agents de maîtrise de chantiers du BTP')).toBe(true);
    expect(sameLabel('Peintre en bâtiment', 'Peintre en batiment')).toBe(false);
    expect(sameLabel('Peintres en bâtiment', 'Peintre en bâtiment')).toBe(false);
  });
});
