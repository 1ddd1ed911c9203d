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
import { BasinRow, CommuneMatch, CommuneRow, EstablishmentRow, GeographyRepository } from './geography.repository';
import { nameKey } from './name-key';

/** What the basin page shows about a basin besides its needs. */
export type BasinDetail = BasinDetailDto;

export const COMMUNE_RESULT_LIMIT = 20;
/** France counts about 400 basins: the browsing list shows them all. */
const ALL_BASINS = 5000;

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
    const { rows, total } = await this.repository.listBasins({ nameKey: key || undefined, department: query.department, region: query.region }, query.offset, query.pageSize);
    return toPage(rows.map(toBasinSummary), total, query);
  }

  /** Every basin grouped by region (by region name, then basin name), for browsing without a query. */
  async basinsByRegion(): Promise<{ regionCode: string | null; regionName: string; basins: BasinSummaryDto[] }[]> {
    const { rows } = await this.repository.listBasins({}, 0, ALL_BASINS);
    const regions = new Map<string, { regionCode: string | null; regionName: string; basins: BasinSummaryDto[] }>();
    for (const row of rows) {
      const regionName = row.regionName ?? (row.regionCode ? `Région ${row.regionCode}` : 'Région non renseignée');
      const region = regions.get(regionName) ?? { regionCode: row.regionCode, regionName, basins: [] };
      region.basins.push(toBasinSummary(row));
      regions.set(regionName, region);
    }
    return [...regions.values()].sort((a, b) => a.regionName.localeCompare(b.regionName, 'fr'));
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
