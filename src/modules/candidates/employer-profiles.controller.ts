import { CanActivate, Controller, ExecutionContext, Get, Injectable, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Page, PageQuery } from '../../common/http/pagination';
import { CODE_FORMATS } from '../../common/validation/code-formats';
import { Role } from '../users/user.entity';
import { activeEmployerReader, EmployerProfilesService } from './employer-profiles.service';
import { EmployerProfileDto } from './employer-view.mapper';

export class ListEmployerProfilesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Métier visé (code ROME)', example: 'F1606' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(CODE_FORMATS.rome.pattern, { message: `Métier : code ROME invalide (attendu : ${CODE_FORMATS.rome.expected}).` })
  rome?: string;

  @ApiPropertyOptional({ description: 'Bassin d’emploi visé', example: '7513' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @Matches(CODE_FORMATS.basin.pattern, { message: `Bassin : code de bassin invalide (attendu : ${CODE_FORMATS.basin.expected}).` })
  basin?: string;
}

/** Refuses employers of an organisation that is not an active employer before the query is validated, so they learn why. */
@Injectable()
export class ActiveEmployerReaderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const user = context.switchToHttp().getRequest<Request>().user;
    if (user?.role === Role.Employer) activeEmployerReader(user);
    return true;
  }
}

/** Published profiles in the employer view: employers of an active organisation, and staff previewing what they see. */
@ApiTags('profiles')
@Controller('api/profiles')
@Roles(Role.Employer, Role.Coordinator, Role.Admin)
@UseGuards(ActiveEmployerReaderGuard)
export class EmployerProfilesController {
  constructor(private readonly profiles: EmployerProfilesService) {}

  @Get()
  @ApiOkResponse({ description: 'Profils publiés (vue employeur), les plus récemment publiés d’abord ; chaque consultation par un employeur est tracée' })
  list(@Query() query: ListEmployerProfilesQuery, @CurrentUser() user: AuthUser): Promise<Page<EmployerProfileDto>> {
    return this.profiles.list(user, { romeCode: query.rome, basinCode: query.basin }, query);
  }

  @Get(':code')
  @ApiOkResponse({ type: EmployerProfileDto, description: 'Un profil publié, par son code pseudonyme ; chaque lecture par un employeur est tracée' })
  get(@Param('code') code: string, @CurrentUser() user: AuthUser): Promise<EmployerProfileDto> {
    return this.profiles.get(user, code);
  }
}
