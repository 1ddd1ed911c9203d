import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsString, Matches } from 'class-validator';
import { apiPresence, Presence, presence } from './presence';

const dateMessage = (label: string) => `${label} invalide (attendu : une date AAAA-MM-JJ, ex. 2026-03-01).`;

/** A calendar day `AAAA-MM-JJ`, with its French error message naming the field. */
export const CalendarDate = (p: Presence, label: string) =>
  applyDecorators(
    apiPresence(p, { type: String, format: 'date', example: '2026-03-01' }),
    ...presence(p),
    IsString({ message: dateMessage(label) }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: dateMessage(label) }),
    // strict: 2026-02-30 is refused, not rolled over to March.
    IsISO8601({ strict: true }, { message: dateMessage(label) }),
  );
