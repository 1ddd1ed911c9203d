import { NotFoundException } from '../../common/http/problem';

/** Errors of the basin-needs module, with stable codes. */
export const BasinNeedsException = {
  unknownBasin: (code: string) => new NotFoundException('basin.not_found', `Bassin d'emploi inconnu : ${code}.`),
  unknownOccupation: (code: string) => new NotFoundException('occupation.not_found', `Code ROME inconnu : ${code}.`),
  unknownYear: (code: string, year: number) => new NotFoundException('basin_needs.year_not_found', `Aucune donnée BMO ${year} pour le bassin ${code}.`),
};
