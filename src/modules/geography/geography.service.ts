import { Injectable } from '@nestjs/common';
import { Page, toPage } from '../../common/http/pagination';
import { CODE_FORMATS } from '../imports/importer';
import {
  BasinDetailDto,
  BasinEstablishmentDto,
  BasinListQuery,
  BasinSummaryDto,
  CommuneDto,
  EstablishmentDto,
  EstablishmentListQuery,
} from './dto/geography.dto';
import { ESTABLISHMENT_TYPE_LABELS } from './establishment-type';
import { GeographyException } from './geography.exception';
import { BasinFilter, BasinName, BasinRow, CommuneMatch, CommuneRow, EstablishmentRow, GeographyRepository } from './geography.repository';
import { nameKey } from './name-key';

/** What the basin page shows about a basin besides its needs. */
export type BasinDetail = BasinDetailDto;

export const COMMUNE_RESULT_LIMIT = 20;

const decimal = (value: string | null) => (value === null ? null : Number(value));

/** How a lookup text is read: 5 digits are a postcode (or an INSEE code), fewer digits the start of one. */
export function communeMatchOf(text: string): CommuneMatch | undefined {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (/^[0-9]{5}$/.test(compact)) return { by: 'postcode', code: compact };
  if (/^[0-9]{2,4}$/.test(compact)) return { by: 'postcodePrefix', prefix: compact };
  if (CODE_FORMATS.commune.pattern.test(compact)) return { by: 'insee', code: compact };
  const key = nameKey(text);
  return key ? { by: 'name', key } : undefined;
}

/**
 * The basins whose name has a word starting with the search key (nameKey of the query; '' matches all),
 * in the order of their name keys. Basin names have no stored key, and France counts about 400 basins:
 * they are compared here, with the very function that keys commune names, rather than by a SQL copy of it.
 */
export function matchBasinNames<T extends BasinName>(basins: readonly T[], key: string): T[] {
  const keyed = basins.map((basin) => ({ basin, key: nameKey(basin.name) }));
  return keyed
    .filter((b) => !key || ` ${b.key} `.includes(` ${key}`))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.basin.code < b.basin.code ? -1 : a.basin.code > b.basin.code ? 1 : 0))
    .map((b) => b.basin);
}

/** Employment basins, communes and penitentiary establishments (reference data, public). */
@Injectable()
export class GeographyService {
  constructor(private readonly repository: GeographyRepository) {}

  /** Communes whose name starts with the text, or whose postcode or INSEE code it is; at most 20. */
  async findCommunes(text: string): Promise<CommuneDto[]> {
    const match = communeMatchOf(text);
    if (!match) return [];
    const rows = await this.repository.findCommunes(match, COMMUNE_RESULT_LIMIT);
    return rows.map(toCommune);
  }

  async listBasins(query: BasinListQuery): Promise<Page<BasinSummaryDto>> {
    const key = query.q ? nameKey(query.q) : '';
    const { rows, total } = await this.basinsByName({ department: query.department, region: query.region }, key, query.offset, query.pageSize);
    return toPage(rows.map(toBasinSummary), total, query);
  }

  /** Every basin grouped by region (by region name, then basin name), for browsing without a query. */
  async basinsByRegion(): Promise<{ regionCode: string | null; regionName: string; basins: BasinSummaryDto[] }[]> {
    const { rows } = await this.basinsByName({}, '');
    const regions = new Map<string, { regionCode: string | null; regionName: string; basins: BasinSummaryDto[] }>();
    for (const row of rows) {
      const regionName = row.regionName ?? (row.regionCode ? `Région ${row.regionCode}` : 'Région non renseignée');
      const region = regions.get(regionName) ?? { regionCode: row.regionCode, regionName, basins: [] };
      region.basins.push(toBasinSummary(row));
      regions.set(regionName, region);
    }
    return [...regions.values()].sort((a, b) => a.regionName.localeCompare(b.regionName, 'fr'));
  }

  /** The basins of the filter matching the name key, in name order: the page asked for and the number of matches. */
  private async basinsByName(filter: BasinFilter, key: string, offset = 0, limit = Infinity): Promise<{ rows: BasinRow[]; total: number }> {
    const matches = matchBasinNames(await this.repository.listBasinNames(filter), key);
    const codes = matches.slice(offset, offset + limit).map((b) => b.code);
    const rows = codes.length ? await this.repository.findBasins(codes) : [];
    const byCode = new Map(rows.map((row) => [row.code, row]));
    // A basin deleted between the two reads is left out rather than shown half-known.
    return { rows: codes.flatMap((code) => byCode.get(code) ?? []), total: matches.length };
  }

  /** One basin with its departments, commune count and establishments; 404 problem when unknown. */
  async getBasin(code: string): Promise<BasinDetail> {
    const row = await this.repository.findBasin(code);
    if (!row) throw GeographyException.basinNotFound(code);
    const establishments = await this.repository.listEstablishments({ basin: code });
    return { ...toBasinSummary(row), communeCount: row.communeCount, establishments: establishments.map(toBasinEstablishment) };
  }

  async listEstablishments(query: EstablishmentListQuery): Promise<EstablishmentDto[]> {
    const rows = await this.repository.listEstablishments(query);
    return rows.map((row) => ({
      ...toBasinEstablishment(row),
      communeCode: row.communeCode,
      departmentCode: row.departmentCode,
      regionCode: row.regionCode,
      basin: row.basinCode ? { code: row.basinCode, name: row.basinName ?? row.basinCode } : null,
      latitude: decimal(row.latitude),
      longitude: decimal(row.longitude),
      detainees: row.detainees,
    }));
  }
}

function toCommune(row: CommuneRow): CommuneDto {
  return {
    inseeCode: row.inseeCode,
    name: row.name,
    postcodes: row.postcodes,
    departmentCode: row.departmentCode,
    latitude: decimal(row.latitude),
    longitude: decimal(row.longitude),
    basin: row.basinCode ? { code: row.basinCode, name: row.basinName ?? row.basinCode } : null,
  };
}

function toBasinSummary(row: BasinRow): BasinSummaryDto {
  return { code: row.code, name: row.name, regionCode: row.regionCode, regionName: row.regionName, departments: row.departments };
}

function toBasinEstablishment(row: EstablishmentRow): BasinEstablishmentDto {
  return { code: row.code, name: row.name, type: row.type, typeLabel: ESTABLISHMENT_TYPE_LABELS[row.type], communeName: row.communeName, capacity: row.capacity };
}
