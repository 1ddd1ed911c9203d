import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';

/**
 * How a DTO field may be absent: `required` on creation; `optional` may be left out but not set to null
 * (partial updates of mandatory fields, lists); `nullable` may be left out or null to clear it.
 */
export type Presence = 'required' | 'optional' | 'nullable';

/** The class-validator decorators that let a field be absent as its presence says. */
export const presence = (p: Presence): PropertyDecorator[] => (p === 'required' ? [] : p === 'optional' ? [ValidateIf((_o, value) => value !== undefined)] : [IsOptional()]);

/** The OpenAPI property, required and nullable as its presence says. */
export const apiPresence = (p: Presence, options: ApiPropertyOptions) => ApiProperty({ ...options, required: p === 'required', nullable: p === 'nullable' } as ApiPropertyOptions);

/** Trims and upper-cases a string (codes typed in any case); other values pass through for the validators. */
export const upperTrim = (value: unknown) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
