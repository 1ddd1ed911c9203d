import { Injectable } from '@nestjs/common';
import { SearchService, SearchUnavailableError } from '../../infra/search/search.service';
import { CODE_FORMATS } from '../imports/importer';
import { AppellationDto, OccupationDetailDto, OccupationSuggestionDto } from './dto/occupation.dto';
import { OccupationDocument, OCCUPATION_INDEX } from './occupation-search-index';
import { OccupationsException } from './occupations.exception';
import { OccupationsRepository } from './occupations.repository';

export interface OccupationRef {
  code: string;
  label: string;
}

const frenchOrder = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** ROME occupations: autocomplete through the search index, details and labels from PostgreSQL. */
@Injectable()
export class OccupationsService {
  constructor(
    private readonly repository: OccupationsRepository,
    private readonly search: SearchService,
  ) {}

  /** Occupations whose label or appellations match the words (accents and typos tolerated), each once. */
  async suggest(q: string, limit: number): Promise<OccupationSuggestionDto[]> {
    try {
      const result = await this.search.search<OccupationDocument>(OCCUPATION_INDEX, q, { limit });
      return result.hits.map((hit) => ({ code: hit.code, label: hit.label, matchedTitle: hit.title, domain: { code: hit.domainCode, label: hit.domainLabel } }));
    } catch (error) {
      if (error instanceof SearchUnavailableError) throw OccupationsException.searchUnavailable();
      throw error;
    }
  }

  /** True until a ROME export has been imported: the search page then says so instead of finding nothing. */
  isReferentialEmpty(): Promise<boolean> {
    return this.repository.isEmpty();
  }

  async getDetail(code: string): Promise<OccupationDetailDto> {
    const row = await this.repository.findDetail(code);
    if (!row) throw OccupationsException.notFound(code);
    const appellations = (await this.repository.findAppellations(code)).map(
      (a): AppellationDto => ({ ogrCode: a.ogr_code, label: a.label, shortLabel: a.short_label, principal: a.principal, rarelyUsed: a.rarely_used }),
    );
    // Principal first and rarely used last: the order a person reading the list expects.
    const group = (a: AppellationDto) => (a.principal ? 0 : a.rarelyUsed ? 2 : 1);
    appellations.sort((a, b) => group(a) - group(b) || frenchOrder.compare(a.label, b.label));
    return {
      code: row.code,
      label: row.label,
      ogrCode: row.ogr_code,
      domain: { code: row.domain_code, label: row.domain_label },
      grandDomain: { code: row.grand_domain_code, label: row.grand_domain_label },
      rome3Code: row.rome3_code,
      appellations,
      flags: {
        ecologicalTransition: row.ecological_transition,
        digitalTransition: row.digital_transition,
        demographicTransition: row.demographic_transition,
        regulated: row.regulated,
        executive: row.executive,
      },
    };
  }

  /** Labels of the given ROME codes; unknown codes are absent from the map. */
  async findByCodes(codes: string[]): Promise<Map<string, OccupationRef>> {
    const wanted = [...new Set(codes)].filter((code) => CODE_FORMATS.rome.pattern.test(code));
    if (!wanted.length) return new Map();
    const rows = await this.repository.findByCodes(wanted);
    return new Map(rows.map((row) => [row.code, { code: row.code, label: row.label }]));
  }
}
