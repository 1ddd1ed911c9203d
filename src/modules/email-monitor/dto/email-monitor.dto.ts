import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { codeParam } from '../../../common/http/code-params';
import { PageQuery } from '../../../common/http/pagination';
import { Trim } from '../../../common/validation/transforms';
import { DeliveryStatus } from '../../../infra/mail/email-delivery.entity';
import { EMAIL_TEMPLATES, EmailTemplate } from '../../../infra/mail/email-templates';
import { SuppressionReason } from '../../../infra/mail/email-suppression';
import { DeliveryView } from '../email-monitor.repository';

/** The views, troubles first. */
export const DELIVERY_VIEWS: readonly DeliveryView[] = [
  DeliveryStatus.Failed,
  DeliveryStatus.Bounced,
  DeliveryStatus.Suppressed,
  'stuck',
  DeliveryStatus.Queued,
  DeliveryStatus.Sending,
  DeliveryStatus.Skipped,
  DeliveryStatus.Sent,
];

export const DELIVERY_VIEW_LABELS: Record<DeliveryView, string> = {
  [DeliveryStatus.Failed]: 'En échec',
  [DeliveryStatus.Bounced]: 'Refusés définitivement',
  [DeliveryStatus.Suppressed]: 'Adresse bloquée',
  stuck: 'Bloqués en cours d’envoi',
  [DeliveryStatus.Queued]: 'Relancés, en attente',
  [DeliveryStatus.Sending]: 'En cours d’envoi',
  [DeliveryStatus.Skipped]: 'Non envoyés',
  [DeliveryStatus.Sent]: 'Envoyés',
};

/** `:outboxId`: the outbox row's number. */
export const OUTBOX_ID_PARAM = codeParam('outboxId', /^[1-9][0-9]{0,17}$/, 'Numéro d’envoi invalide (un entier positif).');
/** `:id` of a suppression. */
export const SUPPRESSION_ID_PARAM = codeParam('id', /^[1-9][0-9]{0,17}$/, 'Identifiant invalide (un entier positif).');

export class ListEmailDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: [...DELIVERY_VIEWS], default: DeliveryStatus.Failed, description: '`stuck` : en cours d’envoi depuis trop longtemps' })
  @IsOptional()
  @IsIn(DELIVERY_VIEWS, { message: `Statut inconnu (attendu : ${DELIVERY_VIEWS.join(', ')}).` })
  status: DeliveryView = DeliveryStatus.Failed;

  @ApiPropertyOptional({ enum: EMAIL_TEMPLATES })
  @IsOptional()
  @IsIn(EMAIL_TEMPLATES, { message: 'Modèle d’e-mail inconnu.' })
  template?: EmailTemplate;

  @ApiPropertyOptional({ description: 'Partie de l’adresse du destinataire', maxLength: 254 })
  @IsOptional()
  @Trim()
  @IsString({ message: 'Le destinataire doit être du texte.' })
  @MaxLength(254, { message: 'Le destinataire cherché compte au plus 254 caractères.' })
  recipient?: string;
}

/** A retry takes no field: declaring the empty body makes unknown fields a 400 instead of being ignored. */
export class RetryEmailDeliveryDto {}

export class EmailRecipientDto {
  @ApiProperty() userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
}

export class EmailDeliveryDto {
  @ApiProperty() outboxId!: string;
  @ApiProperty() template!: string;
  @ApiProperty({ enum: [...Object.values(DeliveryStatus), 'stuck'] }) status!: DeliveryView;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ description: 'Tentatives d’envoi, y compris celles interrompues et celles après une relance' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Réponse du serveur de messagerie, ou raison du non-envoi' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Number }) smtpCode!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Prochaine tentative automatique ; null si la file n’en fera plus' }) nextAttemptAt!: string | null;
  @ApiProperty() queuedAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) sentAt!: string | null;
  @ApiProperty({ nullable: true, type: EmailRecipientDto, description: 'null si le compte a été supprimé' }) recipient!: EmailRecipientDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'Blocage actif de l’adresse du destinataire' }) suppressionId!: string | null;
  @ApiProperty({ description: 'Peut être relancé maintenant (adresse non bloquée)' }) retryable!: boolean;
}

export class DeliveryCountsDto {
  @ApiProperty() failed!: number;
  @ApiProperty() bounced!: number;
  @ApiProperty() suppressed!: number;
  @ApiProperty() stuck!: number;
  @ApiProperty() queued!: number;
  @ApiProperty() sending!: number;
}

export class SuppressionCountsDto {
  @ApiProperty() active!: number;
  @ApiProperty({ description: 'Pas encore vues sur la page des adresses bloquées' }) unseen!: number;
}

export class EmailDeliveriesPageDto {
  @ApiProperty({ type: [EmailDeliveryDto] }) items!: EmailDeliveryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty() totalPages!: number;
  @ApiProperty({ type: DeliveryCountsDto, description: 'Envois à examiner, par statut' }) counts!: DeliveryCountsDto;
  @ApiProperty({ type: SuppressionCountsDto }) suppressions!: SuppressionCountsDto;
}

export class RetriedEmailDeliveryDto {
  @ApiProperty() outboxId!: string;
  @ApiProperty({ enum: [DeliveryStatus.Queued] }) status!: DeliveryStatus.Queued;
  @ApiProperty({ enum: DeliveryStatus }) previousStatus!: DeliveryStatus;
  @ApiProperty() detail!: string;
}

export class EmailSuppressionDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: SuppressionReason }) reason!: SuppressionReason;
  @ApiProperty() reasonLabel!: string;
  @ApiProperty({ nullable: true, type: Number }) smtpCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) smtpResponse!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'L’envoi refusé qui a bloqué l’adresse' }) outboxId!: string | null;
  @ApiProperty({ nullable: true, type: String }) recipientUserId!: string | null;
  @ApiProperty({ nullable: true, type: String }) recipientName!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() seen!: boolean;
}

export class EmailSuppressionsPageDto {
  @ApiProperty({ type: [EmailSuppressionDto] }) items!: EmailSuppressionDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
  @ApiProperty() totalPages!: number;
}
