import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Role } from '../users/user.entity';
import { EmployerProfilesService } from './employer-profiles.service';
import { AnonymityReport } from './k-anonymity';

/** k-anonymity of the published profiles, for the staff who answer for their privacy. */
@ApiTags('profiles')
@Controller('api/profiles-anonymity')
@Roles(Role.Coordinator, Role.Admin)
export class AnonymityReportController {
  constructor(private readonly profiles: EmployerProfilesService) {}

  @Get()
  @ApiOkResponse({ description: 'k (taille de la plus petite classe d’équivalence), classes de moins de 5 profils (effectifs seulement), part des profils concernés' })
  report(): Promise<AnonymityReport> {
    return this.profiles.anonymity();
  }
}
