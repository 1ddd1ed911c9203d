import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ID_PARAM } from '../../common/http/id-param';
import { ActivePartnerGuard } from '../candidates/active-partner.guard';
import { ActiveEmployerReaderGuard } from '../candidates/employer-profiles.controller';
import { ActiveEmployerGuard } from '../employer-needs/active-employer.guard';
import { Role } from '../users/user.entity';
import { MatchesQuery, NeedProfilesDto, ProfileMatchesDto, SuggestionsDto } from './dto/matching.dto';
import { MatchingService } from './matching.service';

/** Explainable matching: needs for a profile (staff), profiles for a need (its organisation and staff), suggestions (employers). */
@ApiTags('matching')
@Controller('api')
export class MatchingController {
  constructor(private readonly matching: MatchingService) {}

  @Get('candidate-profiles/:id/matches')
  @Roles(Role.Counsellor, Role.Coordinator, Role.Admin)
  @UseGuards(ActivePartnerGuard)
  @ApiOkResponse({ type: ProfileMatchesDto, description: 'Besoins publiés et organisations auxquels proposer le profil, classés, avec les raisons de chaque score' })
  forProfile(@Param('id', ID_PARAM) id: string, @Query() query: MatchesQuery, @CurrentUser() user: AuthUser): Promise<ProfileMatchesDto> {
    return this.matching.matchesForProfile(user, id, query.limit);
  }

  @Get('employer-needs/:id/matches')
  @Roles(Role.Employer, Role.Coordinator, Role.Admin)
  @UseGuards(ActiveEmployerGuard)
  @ApiOkResponse({ type: NeedProfilesDto, description: 'Profils publiés (vue employeur) classés pour ce besoin, avec les raisons ; chaque liste vue par un employeur est tracée' })
  @ApiServiceUnavailableResponse({ description: 'Moteur de recherche indisponible (problem+json)' })
  forNeed(@Param('id', ID_PARAM) id: string, @Query() query: MatchesQuery, @CurrentUser() user: AuthUser): Promise<NeedProfilesDto> {
    return this.matching.matchesForNeed(user, id, query.limit);
  }

  @Get('suggestions')
  @Roles(Role.Employer)
  @UseGuards(ActiveEmployerReaderGuard)
  @ApiOkResponse({ type: SuggestionsDto, description: '« Suggérés pour vous » : profils correspondant aux besoins publiés de l’organisation ; chaque liste est tracée' })
  @ApiServiceUnavailableResponse({ description: 'Moteur de recherche indisponible (problem+json)' })
  suggestions(@Query() query: MatchesQuery, @CurrentUser() user: AuthUser): Promise<SuggestionsDto> {
    return this.matching.suggestionsForOrganisation(user, query.limit);
  }
}
