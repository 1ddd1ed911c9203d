import { registerDecorator, ValidationOptions } from 'class-validator';

/** La Poste's establishments share one SIREN and use a different checksum (sum of digits divisible by 5)... */
const LA_POSTE_SIREN = '356000000';
/** ...except its head office, whose SIRET follows the ordinary Luhn rule. */
const LA_POSTE_HEAD_OFFICE = '35600000000048';

/** A SIRET is 14 digits whose Luhn checksum is valid. */
export function isValidSiret(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{14}$/.test(value)) return false;
  const digits = [...value].map(Number);
  if (value.startsWith(LA_POSTE_SIREN) && value !== LA_POSTE_HEAD_OFFICE) return digits.reduce((a, b) => a + b, 0) % 5 === 0;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = digits[i];
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function IsSiret(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isSiret',
      target: object.constructor,
      propertyName,
      options: { message: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.', ...options },
      validator: { validate: isValidSiret },
    });
}
