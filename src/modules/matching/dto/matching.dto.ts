import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInt } from '../../../common/validation/transforms';
import { EmployerProfileDto } from '../../candidates/employer-view.mapper';
import { ContractType, EmployerNeedStatus, NeedSolution } from '../../employer-needs/employer-need';
import type { MatchReasonCode } from '../match-score';

export const MAX_MATCHES = 50;
export const DEFAULT_MATCHES = 20;

export class MatchesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_MATCHES, default: DEFAULT_MATCHES, description: 'Nombre de résultats' })
  @IsOptional()
  @ToInt()
  @IsInt({ message: 'Le nombre de résultats doit être un entier.' })
  @Min(1, { message: 'Le nombre de résultats est d’au moins 1.' })
  @Max(MAX_MATCHES, { message: `Le nombre de résultats est d’au plus ${MAX_MATCHES}.` })
  limit: number = DEFAULT_MATCHES;
}

export class MatchReasonDto {
  @ApiProperty({ example: 'occupation_exact' }) code!: MatchReasonCode;
  @ApiProperty({ example: 'Métier visé identique : F1606 Peintre en bâtiment' }) label!: string;
  @ApiProperty({ description: 'Points ajoutés au score (une décimale)', example: 35 }) points!: number;
}

/** What a counsellor sees of a need among a profile's matches. */
export class NeedSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'F1606' }) romeCode!: string;
  @ApiProperty() romeLabel!: string;
  @ApiProperty({ nullable: true, type: String }) appellationLabel!: string | null;
  @ApiProperty({ enum: ContractType }) contractType!: ContractType;
  @ApiProperty() contractTypeLabel!: string;
  @ApiProperty() positions!: number;
  @ApiProperty({ nullable: true, type: String }) communeName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '86' }) departmentCode!: string | null;
  @ApiProperty({ example: '7513' }) basinCode!: string;
  @ApiProperty({ example: 'POITIERS' }) basinName!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startFrom!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startUntil!: string | null;
  @ApiProperty({ enum: NeedSolution, isArray: true }) solutions!: NeedSolution[];
  @ApiProperty({ type: [String] }) solutionLabels!: string[];
}

export class NeedMatchDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ type: NeedSummaryDto }) need!: NeedSummaryDto;
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ type: [MatchReasonDto], description: 'Raisons du score, les plus fortes d’abord' }) reasons!: MatchReasonDto[];
}

export class OrganisationMatchDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ description: 'Score du meilleur besoin de l’organisation' }) score!: number;
  @ApiProperty() bestNeedId!: string;
  @ApiProperty({ description: 'Besoins de l’organisation qui correspondent au profil' }) needCount!: number;
  @ApiProperty({ description: 'Mises en relation en attente chez cet employeur' }) pendingIntroductions!: number;
}

export class ProfileMatchesDto {
  @ApiProperty() profileId!: string;
  @ApiProperty({ example: 'PSG-7K3Q' }) profileCode!: string;
  @ApiProperty({ type: [NeedMatchDto], description: 'Besoins publiés classés, le meilleur d’abord' }) needs!: NeedMatchDto[];
  @ApiProperty({ type: [OrganisationMatchDto], description: 'Les mêmes, par organisation : meilleur score, puis le moins de mises en relation en attente' })
  organisations!: OrganisationMatchDto[];
}

/** A profile proposed to an employer: the employer view only, with its score and reasons. */
export class ProfileMatchDto {
  @ApiProperty({ type: EmployerProfileDto }) profile!: EmployerProfileDto;
  @ApiProperty({ minimum: 0, maximum: 100 }) score!: number;
  @ApiProperty({ type: [MatchReasonDto] }) reasons!: MatchReasonDto[];
}

/** The need profiles are ranked for, as its organisation knows it. */
export class MatchedNeedDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() romeCode!: string;
  @ApiProperty() romeLabel!: string;
  @ApiProperty() basinName!: string;
  @ApiProperty({ enum: EmployerNeedStatus }) status!: EmployerNeedStatus;
  @ApiProperty() statusLabel!: string;
}

export class NeedProfilesDto {
  @ApiProperty({ type: MatchedNeedDto }) need!: MatchedNeedDto;
  @ApiProperty({ type: [ProfileMatchDto], description: 'Profils publiés classés, le meilleur d’abord' }) profiles!: ProfileMatchDto[];
}

export class SuggestionDto extends ProfileMatchDto {
  @ApiProperty({ type: MatchedNeedDto, description: 'Le besoin de l’organisation auquel le profil correspond le mieux' }) need!: MatchedNeedDto;
}

export class SuggestionsDto {
  @ApiProperty({ type: [SuggestionDto], description: 'Profils suggérés d’après les besoins publiés de l’organisation, le meilleur d’abord' }) items!: SuggestionDto[];
}
