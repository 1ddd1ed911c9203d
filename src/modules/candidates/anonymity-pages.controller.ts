import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../common/auth/decorators';
import { Role } from '../users/user.entity';
import { EmployerProfilesService } from './employer-profiles.service';

const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

@ApiExcludeController()
@Controller('coordination/anonymat')
@Roles(Role.Coordinator, Role.Admin)
export class AnonymityPagesController {
  constructor(private readonly profiles: EmployerProfilesService) {}

  @Get()
  async report(@Res() res: Response): Promise<void> {
    const report = await this.profiles.anonymity();
    res.render('pages/candidates/anonymity', {
      title: 'Anonymat des profils publiés',
      report,
      belowThreshold: report.k !== null && report.k < report.threshold,
      share: PERCENT.format(report.shareInSmallClasses),
      smallClasses: report.smallClasses.map((c) => ({ ...c, ageBand: c.ageBand ?? 'non renseignée', department: c.department ?? 'inconnu' })),
    });
  }
}
