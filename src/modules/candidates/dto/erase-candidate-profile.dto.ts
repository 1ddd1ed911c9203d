import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

const CONFIRM_MESSAGE = 'Code de confirmation : recopiez le code pseudonyme du profil (par exemple PSG-7K3Q).';

/** Erasing on request: the profile's pseudonymous code, typed again, so that a wrong id cannot erase another profile. */
export class EraseCandidateProfileDto {
  @ApiProperty({ example: 'PSG-7K3Q', description: 'Le code pseudonyme du profil à effacer' })
  @IsString({ message: CONFIRM_MESSAGE })
  @MaxLength(16, { message: CONFIRM_MESSAGE })
  confirmCode!: string;
}
