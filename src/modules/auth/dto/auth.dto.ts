import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../common/security/password';
import { IsSiret } from '../../../common/validation/siret';
import { LowerCaseTrim, StripSpaces, TrimmedText } from '../../../common/validation/transforms';
import { EMPLOYER_KINDS, OrganisationKind } from '../../organisations/organisation.entity';

const EMAIL_MESSAGE = { message: 'Adresse e-mail invalide.' };
const PASSWORD_LENGTH = `Le mot de passe doit compter entre ${PASSWORD_MIN_LENGTH} et ${PASSWORD_MAX_LENGTH} caractères.`;

/** An e-mail address, trimmed and lower-cased. */
export const AccountEmail = (example?: string) =>
  applyDecorators(
    ApiProperty({ example }),
    LowerCaseTrim(),
    IsString(EMAIL_MESSAGE),
    MaxLength(254, { message: 'Adresse e-mail trop longue (254 caractères au plus).' }),
    IsEmail({}, EMAIL_MESSAGE),
  );

/** A password being chosen: the length rule shown next to the field. */
const NewPassword = () =>
  applyDecorators(
    ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
    IsString({ message: PASSWORD_LENGTH }),
    MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_LENGTH }),
    MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH }),
  );

/** A password being checked: anything non-empty up to the maximum length. */
const CurrentPassword = (message: string) =>
  applyDecorators(
    ApiProperty(),
    IsString({ message }),
    MinLength(1, { message }),
    MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH }),
  );


export class SignUpDto {
  @TrimmedText(2, 160, 'Le nom de l’organisation doit compter entre 2 et 160 caractères.', 'Bâtiment Vienne SARL')
  organisationName!: string;

  @ApiProperty({ enum: EMPLOYER_KINDS })
  @IsIn(EMPLOYER_KINDS, { message: 'Type d’organisation non autorisé.' })
  organisationKind!: OrganisationKind;

  @ApiProperty({ example: '73282932000074', description: '14 chiffres' })
  @StripSpaces()
  @IsString({ message: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' })
  @MaxLength(20, { message: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' })
  @IsSiret()
  siret!: string;

  @TrimmedText(2, 120, 'Le nom doit compter entre 2 et 120 caractères.', 'Camille Martin')
  displayName!: string;

  @AccountEmail('recrutement@entreprise.example')
  email!: string;

  @NewPassword()
  password!: string;
}

export class LoginDto {
  @AccountEmail()
  email!: string;

  @CurrentPassword('Mot de passe requis.')
  password!: string;
}

export class EmailOnlyDto {
  @AccountEmail()
  email!: string;
}

export class TokenDto {
  @ApiProperty()
  @IsString({ message: 'Lien invalide.' })
  @MinLength(10, { message: 'Lien invalide.' })
  @MaxLength(1000, { message: 'Lien invalide.' })
  token!: string;
}

export class PasswordResetDto extends TokenDto {
  @NewPassword()
  password!: string;
}

export class ChangePasswordDto {
  @CurrentPassword('Mot de passe actuel requis.')
  currentPassword!: string;

  @NewPassword()
  newPassword!: string;
}
