import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import {
  AcceptCharterDto,
  OrganisationMembershipDto,
  OrganisationProfileDto,
  UpdateEmployerSettingsDto,
  UpdateOrganisationProfileDto,
} from './dto/organisation-profile.dto';
import { OrganisationProfileService } from './organisation-profile.service';

/**
 * The signed-in member's own organisation. Registered before the staff controller so that "mine" is
 * not taken for an organisation id.
 */
@ApiTags('organisations')
@Controller('api/organisations/mine')
export class MyOrganisationController {
  constructor(private readonly profiles: OrganisationProfileService) {}

  @Get()
  @ApiOkResponse({ type: OrganisationProfileDto })
  get(@CurrentUser() user: AuthUser): Promise<OrganisationProfileDto> {
    return this.profiles.getMine(user);
  }

  @Patch()
  @ApiOkResponse({ type: OrganisationProfileDto, description: 'Responsable de l’organisation uniquement' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateOrganisationProfileDto): Promise<OrganisationProfileDto> {
    return this.profiles.updateMine(user, dto);
  }

  @Get('members')
  @ApiOkResponse({ type: [OrganisationMembershipDto] })
  members(@CurrentUser() user: AuthUser): Promise<OrganisationMembershipDto[]> {
    return this.profiles.members(user);
  }

  @Patch('settings')
  @ApiOkResponse({ type: OrganisationProfileDto, description: 'Responsable d’une organisation employeuse uniquement' })
  updateSettings(@CurrentUser() user: AuthUser, @Body() dto: UpdateEmployerSettingsDto): Promise<OrganisationProfileDto> {
    return this.profiles.updateSettings(user, dto);
  }

  @Post('charter')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationProfileDto, description: 'Idempotent : la première acceptation est conservée' })
  acceptCharter(@CurrentUser() user: AuthUser, @Body() _body: AcceptCharterDto): Promise<OrganisationProfileDto> {
    return this.profiles.acceptCharter(user);
  }
}
