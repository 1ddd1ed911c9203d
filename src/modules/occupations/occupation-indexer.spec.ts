import { toOccupationDocument } from './occupation-indexer.service';
import { SearchTitleRow } from './occupations.repository';

const row = (over: Partial<SearchTitleRow>): SearchTitleRow => ({
  ogr_code: null,
  code: 'F1606',
  label: 'Peintre en bâtiment',
  title: 'Peintre en bâtiment',
  domain_code: 'F16',
  domain_label: 'Second oeuvre',
  principal: false,
  rarely_used: false,
  ...over,
});

describe('toOccupationDocument', () => {
  it('gives the label and each appellation a stable id and ranks label, principal, synonym, rarely used', () => {
    const docs = [
      row({}),
      row({ ogr_code: 17619, principal: true }),
      row({ ogr_code: 17618, title: "Peintre d'intérieur" }),
      row({ ogr_code: 17600, title: 'Badigeonneur', rarely_used: true }),
    ].map((r) => toOccupationDocument(r, 42));
    expect(docs.map((d) => [d.id, d.weight])).toEqual([
      ['rome-F1606', 0],
      ['ogr-17619', 1],
      ['ogr-17618', 2],
      ['ogr-17600', 3],
    ]);
    expect(docs[2]).toEqual({
      id: 'ogr-17618',
      code: 'F1606',
      label: 'Peintre en bâtiment',
      title: "Peintre d'intérieur",
      domainCode: 'F16',
      domainLabel: 'Second oeuvre',
      weight: 2,
      titleLength: 19,
      generation: 42,
    });
  });
});
