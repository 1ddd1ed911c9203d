import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class EmailPreferencesDto {
  @ApiProperty({ description: 'Recevoir les e-mails non essentiels ; les e-mails essentiels (compte, validation de l’organisation, décisions) sont toujours envoyés.' })
  nonEssential!: boolean;

  @ApiProperty({ type: [String], description: 'Ce que couvrent les e-mails non essentiels' })
  nonEssentialCovers!: string[];
}

export class UpdateEmailPreferencesDto {
  @ApiProperty({ example: false })
  @IsBoolean({ message: 'E-mails non essentiels : vrai ou faux attendu.' })
  nonEssential!: boolean;
}

/** The account page's form: an HTML checkbox is sent (as "1") only when ticked. */
export class EmailPreferencesFormDto {
  @IsOptional()
  @IsIn(['1'], { message: 'Case à cocher invalide.' })
  nonEssential?: string;
}
