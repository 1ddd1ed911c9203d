/** Codes of the reference data (ROME, basins, INSEE…), with the French description shown when a value does not fit. */
export const CODE_FORMATS = {
  grandDomain: { pattern: /^[A-Z]$/, expected: 'une lettre majuscule, ex. F' },
  professionalDomain: { pattern: /^[A-Z][0-9]{2}$/, expected: 'une lettre majuscule et 2 chiffres, ex. F16' },
  rome: { pattern: /^[A-Z][0-9]{4}$/, expected: 'une lettre majuscule et 4 chiffres, ex. F1606' },
  basin: { pattern: /^[0-9]{3,4}$/, expected: '3 ou 4 chiffres, ex. 7513' },
  department: { pattern: /^([0-9]{2}|2A|2B|9[78][0-9])$/, expected: '2 chiffres, 2A, 2B ou 3 chiffres outre-mer, ex. 86 ou 971' },
  region: { pattern: /^[0-9]{2}$/, expected: '2 chiffres, ex. 75' },
  commune: { pattern: /^([0-9]{2}|2A|2B)[0-9]{3}$/, expected: '5 caractères, ex. 86194 ou 2A004' },
  postcode: { pattern: /^[0-9]{5}$/, expected: '5 chiffres, ex. 86000' },
  fap: { pattern: /^[A-Z][0-9A-Z][A-Z][0-9]{2}$/, expected: 'code FAP 2021 à 5 caractères, ex. B2Z40' },
} as const;

