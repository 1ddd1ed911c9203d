import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from './problem';

/** A route parameter holding a v4 uuid, or a 400 naming the field. */
export const idParam = (field: string) =>
  new ParseUUIDPipe({ version: '4', exceptionFactory: () => new ValidationFailedException([{ field, message: 'Identifiant invalide.' }]) });

/** Route `:id` parameters. */
export const ID_PARAM = idParam('id');
