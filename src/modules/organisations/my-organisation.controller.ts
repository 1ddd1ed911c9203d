import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { idParam } from '../../common/http/id-param';
import { ChangeMemberRoleDto, InvitedMemberDto, InviteMemberDto } from './dto/organisation-members.dto';
import {
  AcceptCharterDto,
  OrganisationMembershipDto,
  OrganisationProfileDto,
  UpdateEmployerSettingsDto,
  UpdateOrganisationProfileDto,
} from './dto/organisation-profile.dto';
import { OrganisationMembersService } from './organisation-members.service';
import { OrganisationProfileService } from './organisation-profile.service';

const USER_ID_PARAM = idParam('userId');

/**
 * The signed-in member's own organisation. Registered before the staff controller so that "mine" is
 * not taken for an organisation id.
 */
@ApiTags('organisations')
@Controller('api/organisations/mine')
export class MyOrganisationController {
  constructor(
    private readonly profiles: OrganisationProfileService,
    private readonly team: OrganisationMembersService,
  ) {}

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

  @Post('invitations')
  @ApiCreatedResponse({ type: InvitedMemberDto, description: 'Responsable uniquement : crée le compte et envoie le lien d’invitation par e-mail' })
  invite(@CurrentUser() user: AuthUser, @Body() dto: InviteMemberDto): Promise<InvitedMemberDto> {
    return this.team.invite(user, dto);
  }

  @Patch('members/:userId')
  @ApiOkResponse({ type: OrganisationMembershipDto, description: 'Responsable uniquement ; le dernier responsable le reste' })
  changeMemberRole(@CurrentUser() user: AuthUser, @Param('userId', USER_ID_PARAM) userId: string, @Body() dto: ChangeMemberRoleDto): Promise<OrganisationMembershipDto> {
    return this.team.changeRole(user, userId, dto);
  }

  @Delete('members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Responsable uniquement : supprime le compte du membre et met fin à ses sessions' })
  removeMember(@CurrentUser() user: AuthUser, @Param('userId', USER_ID_PARAM) userId: string): Promise<void> {
    return this.team.remove(user, userId);
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
