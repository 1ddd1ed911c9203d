import { ArgumentMetadata } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested, ValidationError, validateSync } from 'class-validator';
import { ValidationFailedException } from './problem';
import { createValidationPipe, toFieldErrors } from './validation';

class Address {
  @IsString({ message: 'La ville est obligatoire.' })
  city!: string;

  @IsInt()
  @Min(1000)
  postcode!: number;
}

class Item {
  @IsString()
  @MinLength(2)
  label!: string;
}

class Profile {
  @IsString({ message: 'Le nom doit compter entre 2 et 120 caractères.' })
  @MinLength(2, { message: 'Le nom doit compter entre 2 et 120 caractères.' })
  name!: string;

  @IsEmail()
  email!: string;

  @IsInt()
  @Min(0)
  @Max(10)
  score!: number;

  @IsBoolean()
  active!: boolean;

  @IsIn(['a', 'b'])
  choice!: string;

  @IsUUID()
  id!: string;

  @IsNotEmpty()
  required!: string;

  @MaxLength(3)
  short!: string;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

const VALID = {
  name: 'Camille',
  email: 'camille@example.fr',
  score: 5,
  active: true,
  choice: 'a',
  id: '3f0c1f8e-6b1a-4c55-9d7e-2a9b8f0e1d23',
  required: 'x',
  short: 'abc',
  address: { city: 'Lyon', postcode: 69001 },
  items: [{ label: 'ok' }],
};

function fieldErrorsFor(plain: object, options: { whitelist?: boolean; forbidNonWhitelisted?: boolean } = {}) {
  return toFieldErrors(validateSync(plainToInstance(Profile, plain), options));
}

const messagesOf = (errors: { field: string; message: string }[], field: string) => errors.filter((e) => e.field === field).map((e) => e.message);

describe('toFieldErrors', () => {
  it('returns nothing for valid input', () => {
    expect(fieldErrorsFor(VALID)).toEqual([]);
    expect(toFieldErrors([])).toEqual([]);
  });

  it('keeps the French messages of the DTOs', () => {
    const errors = fieldErrorsFor({ ...VALID, name: 'A' });
    expect(errors).toEqual([{ field: 'name', message: 'Le nom doit compter entre 2 et 120 caractères.' }]);
  });

  it('keeps every French message when several constraints fail', () => {
    const errors = fieldErrorsFor({ ...VALID, name: 7 });
    expect(messagesOf(errors, 'name')).toEqual(['Le nom doit compter entre 2 et 120 caractères.', 'Le nom doit compter entre 2 et 120 caractères.']);
  });

  it.each([
    ['email', 'not-an-email', 'Adresse e-mail invalide.'],
    ['score', 'five', 'Doit être un nombre entier.'],
    ['score', -1, 'Valeur trop petite.'],
    ['score', 11, 'Valeur trop grande.'],
    ['active', 'yes', 'Doit être vrai ou faux.'],
    ['choice', 'z', 'Valeur non autorisée.'],
    ['id', 'not-a-uuid', 'Identifiant invalide.'],
    ['required', '', 'Champ obligatoire.'],
  ])('translates the English default for %s=%p', (field, value, french) => {
    const errors = fieldErrorsFor({ ...VALID, [field]: value });
    expect(messagesOf(errors, field)).toContain(french);
    for (const { message } of errors) expect(message).not.toMatch(/\b(must|should)\b/);
  });

  it('falls back to a generic French message for untranslated English defaults', () => {
    const errors = fieldErrorsFor({ ...VALID, short: 'too long' });
    expect(errors).toEqual([{ field: 'short', message: 'Valeur invalide.' }]);
  });

  it("translates class-validator's whitelist message", () => {
    const raw = validateSync(plainToInstance(Profile, { ...VALID, x: 1 }), { whitelist: true, forbidNonWhitelisted: true });
    expect(raw[0].constraints).toEqual({ whitelistValidation: 'property x should not exist' });
    expect(toFieldErrors(raw)).toEqual([{ field: 'x', message: 'Champ non autorisé.' }]);
  });

  it('flattens nested children with dotted field names', () => {
    const errors = fieldErrorsFor({ ...VALID, address: { city: 3, postcode: 12 }, items: [{ label: 'ok' }, { label: 'x' }] });
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'address.city', message: 'La ville est obligatoire.' },
        { field: 'address.postcode', message: 'Valeur trop petite.' },
        { field: 'items.1.label', message: 'Valeur invalide.' },
      ]),
    );
    expect(errors).toHaveLength(3);
    expect(errors.some((e) => e.field === 'address' || e.field === 'items' || e.field === 'items.1')).toBe(false);
  });

  it('prefixes children with the given parent', () => {
    const error = Object.assign(new ValidationError(), {
      property: 'child',
      constraints: { isString: 'child must be a string' },
      children: [Object.assign(new ValidationError(), { property: 'leaf', constraints: { custom: 'Message maison.' }, children: [] })],
    });
    expect(toFieldErrors([error], 'root')).toEqual([
      { field: 'root.child', message: 'Doit être une chaîne de caractères.' },
      { field: 'root.child.leaf', message: 'Message maison.' },
    ]);
  });

  it('only translates whole English words, keeping French messages that contain similar letters', () => {
    const error = Object.assign(new ValidationError(), { property: 'f', constraints: { isString: 'Moustache shouldered: texte libre.' }, children: [] });
    expect(toFieldErrors([error])).toEqual([{ field: 'f', message: 'Moustache shouldered: texte libre.' }]);
  });

  it('copes with errors that have no constraints', () => {
    const error = Object.assign(new ValidationError(), { property: 'f', children: [] });
    expect(toFieldErrors([error])).toEqual([]);
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const metadata: ArgumentMetadata = { type: 'body', metatype: Address, data: undefined };

  it('returns a class instance for valid input', async () => {
    const value = await pipe.transform({ city: 'Lyon', postcode: 69001 }, metadata);
    expect(value).toBeInstanceOf(Address);
    expect(value).toEqual({ city: 'Lyon', postcode: 69001 });
  });

  it('throws a ValidationFailedException with French field errors', async () => {
    const failure = pipe.transform({ city: 1, postcode: 1, extra: true }, metadata);
    await expect(failure).rejects.toBeInstanceOf(ValidationFailedException);
    const error = (await failure.catch((e: unknown) => e)) as ValidationFailedException;
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation.failed');
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { field: 'city', message: 'La ville est obligatoire.' },
        { field: 'postcode', message: 'Valeur trop petite.' },
        { field: 'extra', message: 'Champ non autorisé.' },
      ]),
    );
  });

  it('does not convert strings to numbers implicitly', async () => {
    await expect(pipe.transform({ city: 'Lyon', postcode: '69001' }, metadata)).rejects.toBeInstanceOf(ValidationFailedException);
  });
});
