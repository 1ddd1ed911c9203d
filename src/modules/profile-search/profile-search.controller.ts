import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ActiveEmployerReaderGuard } from '../candidates/employer-profiles.controller';
import { Role } from '../users/user.entity';
import { ProfileSearchQuery, ProfileSearchResultDto } from './dto/profile-search.dto';
import { ProfileSearchService } from './profile-search.service';

/** Candidate search for employers of an active organisation, and staff previewing it. */
@ApiTags('profiles')
@Controller('api/profile-search')
@Roles(Role.Employer, Role.Coordinator, Role.Admin)
@UseGuards(ActiveEmployerReaderGuard)
export class ProfileSearchController {
  constructor(private readonly profiles: ProfileSearchService) {}

  @Get()
  @ApiOkResponse({ type: ProfileSearchResultDto, description: 'Profils publiés (vue employeur) trouvés, avec extraits surlignés et filtres comptés ; chaque page vue par un employeur est tracée' })
  @ApiServiceUnavailableResponse({ description: 'Moteur de recherche indisponible (problem+json, en moins d’une seconde)' })
  find(@Query() query: ProfileSearchQuery, @CurrentUser() user: AuthUser): Promise<ProfileSearchResultDto> {
    return this.profiles.find(user, query);
  }
}
