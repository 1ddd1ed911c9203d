import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { toMe } from '../auth/dto/session.dto';
import { OrganisationStatus } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Role } from '../users/user.entity';

@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Public()
  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const user = req.user;
    const me = user ? toMe(user) : null;
    const reviewer = user?.role === Role.Coordinator || user?.role === Role.Admin;
    const pendingCount = reviewer ? await this.organisations.countByStatus(OrganisationStatus.Pending) : 0;
    res.render('pages/home', {
      title: 'Accueil',
      me,
      reviewer,
      pendingCount,
      employer: user?.role === Role.Employer,
      organisationActive: user?.organisationStatus === OrganisationStatus.Active,
      counsellor: user?.role === Role.Counsellor,
    });
  }
}
