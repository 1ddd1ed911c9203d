import { IsInt, IsOptional } from 'class-validator';
import { ValidationFailedException } from '../../common/http/problem';
import { LoginDto, SignUpDto } from '../auth/dto/auth.dto';
import { parseForm, parseQueryOrThrow, safeRedirect } from './form';

const PASSWORD = 'correct horse battery staple';

const validSignUp = () => ({
  _csrf: 'csrf-token-value',
  organisationName: '  Bâtiment   Vienne SARL ',
  organisationKind: 'company',
  siret: '732 829 320 00074',
  displayName: 'Camille Martin',
  email: '  Recrutement@Entreprise.Example ',
  password: PASSWORD,
});

describe('parseForm', () => {
  describe('valid input', () => {
    it('returns a DTO instance with the CSRF field stripped and the e-mail normalised', () => {
      const result = parseForm(LoginDto, { _csrf: 'abc', email: '  Camille.Martin@Example.FR ', password: PASSWORD });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value).toBeInstanceOf(LoginDto);
      expect(result.value.email).toBe('camille.martin@example.fr');
      expect(result.value.password).toBe(PASSWORD);
      expect(result.value).not.toHaveProperty('_csrf');
    });

    it('applies the DTO transforms of a sign-up form', () => {
      const result = parseForm(SignUpDto, validSignUp());
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value).toBeInstanceOf(SignUpDto);
      expect(result.value.organisationName).toBe('Bâtiment Vienne SARL');
      expect(result.value.siret).toBe('73282932000074');
      expect(result.value.email).toBe('recrutement@entreprise.example');
      expect(result.value).not.toHaveProperty('_csrf');
    });

    it('does not change the body it was given', () => {
      const body = { _csrf: 'abc', email: ' A@B.example ', password: PASSWORD };
      parseForm(LoginDto, body);
      expect(body).toEqual({ _csrf: 'abc', email: ' A@B.example ', password: PASSWORD });
    });

    it('drops the extra fields the caller allows', () => {
      const result = parseForm(LoginDto, { email: 'a@b.example', password: PASSWORD, next: '/compte' }, ['next']);
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value).not.toHaveProperty('next');
    });
  });

  describe('invalid input', () => {
    it('gives French messages keyed by field', () => {
      const result = parseForm(LoginDto, { _csrf: 'x', email: 'not-an-email', password: '' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual({
        email: 'Adresse e-mail invalide.',
        password: 'Mot de passe requis.',
      });
    });

    it('reports missing fields', () => {
      const result = parseForm(LoginDto, {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.email).toBe('Adresse e-mail invalide.');
      // Several constraints fail on a missing password; any of the DTO's French messages for it will do.
      expect(['Mot de passe requis.', 'Le mot de passe doit compter entre 12 et 128 caractères.']).toContain(result.errors.password);
      expect(Object.keys(result.errors).sort()).toEqual(['email', 'password']);
    });

    it('treats a non-object body as empty', () => {
      for (const body of [undefined, null, 'email=a@b.example', 42]) {
        const result = parseForm(LoginDto, body);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['email', 'password']);
      }
    });

    it('reports each invalid sign-up field with its own message', () => {
      const result = parseForm(SignUpDto, {
        ...validSignUp(),
        organisationName: 'A',
        organisationKind: 'prison',
        siret: '73282932000075',
        password: 'short',
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual({
        organisationName: 'Le nom de l’organisation doit compter entre 2 et 160 caractères.',
        organisationKind: 'Type d’organisation non autorisé.',
        siret: 'SIRET invalide : 14 chiffres avec une clé de contrôle valide.',
        password: 'Le mot de passe doit compter entre 12 et 128 caractères.',
      });
    });

    it('rejects unknown fields', () => {
      const result = parseForm(LoginDto, { email: 'a@b.example', password: PASSWORD, role: 'admin' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual({ role: 'Champ non autorisé.' });
    });

    it('rejects array values sent for scalar fields', () => {
      const result = parseForm(LoginDto, { email: ['a@b.example', 'c@d.example'], password: PASSWORD });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.email).toBe('Adresse e-mail invalide.');
      expect(result.values).not.toHaveProperty('email');
    });

    it('echoes the submitted string values so the form can be re-filled, but never passwords or the CSRF token', () => {
      const result = parseForm(SignUpDto, { ...validSignUp(), siret: '123' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.values).toEqual({
        organisationName: '  Bâtiment   Vienne SARL ',
        organisationKind: 'company',
        siret: '123',
        displayName: 'Camille Martin',
        email: '  Recrutement@Entreprise.Example ',
      });
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
      expect(JSON.stringify(result)).not.toContain('csrf-token-value');
    });

    it('never echoes any password-like field, whatever its case', () => {
      const result = parseForm(LoginDto, { email: 'bad', password: 'p1-secret', currentPassword: 'p2-secret', PASSWORD_CONFIRM: 'p3-secret' });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.values).toEqual({ email: 'bad' });
      expect(JSON.stringify(result)).not.toMatch(/p\d-secret/);
    });
  });
});

describe('safeRedirect', () => {
  it.each(['/', '/compte', '/a?b=c', '/coordination/organisations/42?onglet=validation#haut', '/a/b/c'])('accepts the same-site path %p', (path) => {
    expect(safeRedirect(path)).toBe(path);
  });

  it.each([
    '//evil.example',
    '//evil.example/compte',
    '/\\evil.example',
    '/\\/evil.example',
    'https://evil.example',
    'http://evil.example/compte',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'compte',
    '',
    ' /compte',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ /evil.example',
    '\\\\evil.example',
  ])('refuses %p', (target) => {
    expect(safeRedirect(target)).toBe('/');
  });

  it.each([undefined, null, 42, {}, ['/compte'], true])('refuses the non-string %p', (target) => {
    expect(safeRedirect(target)).toBe('/');
  });

  it('refuses very long paths', () => {
    expect(safeRedirect('/' + 'a'.repeat(10_000))).toBe('/');
    expect(safeRedirect('/' + 'a'.repeat(499))).toBe('/');
    expect(safeRedirect('/' + 'a'.repeat(498))).toBe('/' + 'a'.repeat(498));
  });

  it('uses the given fallback when refusing', () => {
    expect(safeRedirect('//evil.example', '/compte')).toBe('/compte');
    expect(safeRedirect('/ok', '/compte')).toBe('/ok');
  });
});

describe('parseQueryOrThrow', () => {
  class YearQuery {
    @IsOptional()
    @IsInt({ message: "L'année doit être un entier." })
    year?: number;
  }

  it('returns the typed query', () => {
    expect(parseQueryOrThrow(YearQuery, { year: 2024 })).toEqual(Object.assign(new YearQuery(), { year: 2024 }));
  });

  it('throws a validation problem naming the field', () => {
    let thrown: unknown;
    try {
      parseQueryOrThrow(YearQuery, { year: 'x' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationFailedException);
    expect((thrown as ValidationFailedException).errors).toEqual([{ field: 'year', message: "L'année doit être un entier." }]);
  });
});
