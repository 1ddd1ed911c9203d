import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../common/security/password';
import { IsSiret } from '../../../common/validation/siret';
import { LowerCaseTrim, StripSpaces, Trim } from '../../../common/validation/transforms';
import { EMPLOYER_KINDS, OrganisationKind } from '../../organisations/organisation.entity';

const EMAIL_MESSAGE = { message: 'Adresse e-mail invalide.' };
const PASSWORD_LENGTH = `Le mot de passe doit compter entre ${PASSWORD_MIN_LENGTH} et ${PASSWORD_MAX_LENGTH} caractères.`;

export class SignUpDto {
  @ApiProperty({ example: 'Bâtiment Vienne SARL' })
  @Trim()
  @IsString({ message: 'Le nom de l’organisation doit compter entre 2 et 160 caractères.' })
  @MinLength(2, { message: 'Le nom de l’organisation doit compter entre 2 et 160 caractères.' })
  @MaxLength(160, { message: 'Le nom de l’organisation doit compter entre 2 et 160 caractères.' })
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

  @ApiProperty({ example: 'Camille Martin', description: 'Nom affiché aux équipes (personne de l’organisation employeuse)' })
  @Trim()
  @IsString({ message: 'Le nom doit compter entre 2 et 120 caractères.' })
  @MinLength(2, { message: 'Le nom doit compter entre 2 et 120 caractères.' })
  @MaxLength(120, { message: 'Le nom doit compter entre 2 et 120 caractères.' })
  displayName!: string;

  @ApiProperty({ example: 'recrutement@entreprise.example' })
  @LowerCaseTrim()
  @IsString({ message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue (254 caractères au plus).' })
  @IsEmail({}, EMAIL_MESSAGE)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: PASSWORD_LENGTH })
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_LENGTH })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH })
  password!: string;
}

export class LoginDto {
  @ApiProperty()
  @LowerCaseTrim()
  @IsString({ message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue (254 caractères au plus).' })
  @IsEmail({}, EMAIL_MESSAGE)
  email!: string;

  @ApiProperty()
  @IsString({ message: 'Mot de passe requis.' })
  @MinLength(1, { message: 'Mot de passe requis.' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH })
  password!: string;
}

export class EmailOnlyDto {
  @ApiProperty()
  @LowerCaseTrim()
  @IsString({ message: 'Adresse e-mail invalide.' })
  @MaxLength(254, { message: 'Adresse e-mail trop longue (254 caractères au plus).' })
  @IsEmail({}, EMAIL_MESSAGE)
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
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: PASSWORD_LENGTH })
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_LENGTH })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH })
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'Mot de passe actuel requis.' })
  @MinLength(1, { message: 'Mot de passe actuel requis.' })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH })
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString({ message: PASSWORD_LENGTH })
  @MinLength(PASSWORD_MIN_LENGTH, { message: PASSWORD_LENGTH })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: PASSWORD_LENGTH })
  newPassword!: string;
}
