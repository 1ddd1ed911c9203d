import { validateSync } from 'class-validator';
import { IsSiret, isValidSiret } from './siret';

/** Independent Luhn implementation: the sum counts from the rightmost digit, doubling every second one. */
function luhnSum(digits: string): number {
  let sum = 0;
  [...digits].reverse().forEach((char, index) => {
    let d = Number(char);
    if (index % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  });
  return sum;
}

/** Completes 13 digits with the Luhn check digit. */
function withCheckDigit(thirteen: string): string {
  for (let check = 0; check <= 9; check++) {
    if (luhnSum(thirteen + check) % 10 === 0) return thirteen + check;
  }
  throw new Error('unreachable');
}

const digitSum = (value: string) => [...value].reduce((sum, c) => sum + Number(c), 0);

const LA_POSTE = '356000000';

describe('isValidSiret', () => {
  it('accepts a real SIRET', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
  });

  it.each(['1234567890123', '4420000000000', '9999999999999', '8010101010101', '5520143300001'])(
    'accepts the Luhn-completed SIRET built from %s',
    (prefix) => {
      const siret = withCheckDigit(prefix);
      expect(luhnSum(siret) % 10).toBe(0);
      expect(isValidSiret(siret)).toBe(true);
    },
  );

  it('accepts all zeros (Luhn sum 0)', () => {
    expect(isValidSiret('00000000000000')).toBe(true);
  });

  it.each(['73282932000074', withCheckDigit('1234567890123'), withCheckDigit('5520143300001')])('refuses %s with a wrong check digit', (valid) => {
    for (let delta = 1; delta <= 9; delta++) {
      const wrong = valid.slice(0, 13) + ((Number(valid[13]) + delta) % 10);
      expect(isValidSiret(wrong)).toBe(false);
    }
  });

  it('refuses a SIRET with two digits swapped when the checksum no longer holds', () => {
    // 7328 2932 0 00074 with the first two digits swapped.
    expect(isValidSiret('37282932000074')).toBe(false);
  });

  it('refuses 13 and 15 digits even when the Luhn sum holds', () => {
    const thirteen = '7328293200007';
    const fifteen = withCheckDigit('73282932000070');
    expect(fifteen).toHaveLength(15);
    expect(luhnSum(fifteen) % 10).toBe(0);
    expect(isValidSiret(thirteen)).toBe(false);
    expect(isValidSiret(fifteen)).toBe(false);
    expect(isValidSiret('732829320000740')).toBe(false);
  });

  it.each(['7328293200007A', 'A3282932000074', '732 829 320 00074', '73282932000074 ', ' 73282932000074', '7328293200007.', '-7328293200007', '', '７３２８２９３２０００７４'])(
    'refuses the malformed string %p',
    (value) => {
      expect(isValidSiret(value)).toBe(false);
    },
  );

  it.each([73282932000074, null, undefined, {}, ['73282932000074'], true, new String('73282932000074')])('refuses the non-string %p', (value) => {
    expect(isValidSiret(value)).toBe(false);
  });

  describe('La Poste (SIREN 356000000)', () => {
    it('accepts establishments whose digit sum is a multiple of 5', () => {
      // Prefix digit sum is 14: NICs summing to 1, 6, 11… make the total a multiple of 5.
      for (const nic of ['00001', '00010', '00033', '12300', '99995']) {
        const siret = LA_POSTE + nic;
        expect(digitSum(siret) % 5).toBe(0);
        expect(isValidSiret(siret)).toBe(true);
      }
    });

    it('accepts an establishment that fails Luhn but has a digit sum that is a multiple of 5', () => {
      const siret = LA_POSTE + '00001';
      expect(luhnSum(siret) % 10).not.toBe(0);
      expect(isValidSiret(siret)).toBe(true);
    });

    it('refuses establishments whose digit sum is not a multiple of 5, even when Luhn holds', () => {
      // Find a Luhn-valid La Poste SIRET whose digit sum is not a multiple of 5 (other than the head office).
      let luhnOnly: string | undefined;
      for (let n = 1; n < 100000 && !luhnOnly; n++) {
        const candidate = LA_POSTE + String(n).padStart(5, '0');
        if (candidate !== '35600000000048' && luhnSum(candidate) % 10 === 0 && digitSum(candidate) % 5 !== 0) luhnOnly = candidate;
      }
      expect(luhnOnly).toBeDefined();
      expect(isValidSiret(luhnOnly)).toBe(false);
      expect(isValidSiret(LA_POSTE + '00002')).toBe(false);
    });

    it('accepts the head office 35600000000048, the one La Poste SIRET that follows Luhn', () => {
      // INSEE: the head office keeps a Luhn-valid SIRET (digit sum 26); the multiple-of-5 rule covers the other establishments.
      expect(luhnSum('35600000000048') % 10).toBe(0);
      expect(isValidSiret('35600000000048')).toBe(true);
    });

    it('does not apply the La Poste rule to other SIRENs', () => {
      // Digit sum 15 (a multiple of 5) but not Luhn-valid, and not La Poste.
      const siret = '35600000100000';
      expect(digitSum(siret) % 5).toBe(0);
      expect(luhnSum(siret) % 10).not.toBe(0);
      expect(isValidSiret(siret)).toBe(false);
    });
  });
});

describe('@IsSiret', () => {
  class Form {
    @IsSiret()
    siret!: unknown;
  }
  class CustomMessageForm {
    @IsSiret({ message: 'custom' })
    siret!: unknown;
  }

  const errorsFor = <T extends object>(type: new () => T, siret: unknown) => {
    const form = Object.assign(new type(), { siret });
    return validateSync(form);
  };

  it('passes a valid SIRET', () => {
    expect(errorsFor(Form, '73282932000074')).toHaveLength(0);
  });

  it('fails with a French message by default', () => {
    const [error] = errorsFor(Form, '73282932000075');
    expect(error.property).toBe('siret');
    expect(error.constraints).toEqual({ isSiret: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.' });
  });

  it('lets callers override the message', () => {
    const [error] = errorsFor(CustomMessageForm, 42);
    expect(error.constraints).toEqual({ isSiret: 'custom' });
  });
});
