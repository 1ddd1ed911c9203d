import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from './problem';

/** Route `:id` parameters: a v4 uuid, or a 400 naming the field. */
export const ID_PARAM = new ParseUUIDPipe({ version: '4', exceptionFactory: () => new ValidationFailedException([{ field: 'id', message: 'Identifiant invalide.' }]) });
