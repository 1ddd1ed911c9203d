import { FIRST_NAMES, PLAIN_FIRST_NAMES, PROPER_FIRST_NAMES, WORD_FIRST_NAMES, firstNameKey } from './french-first-names';
import { foldText, originalSpan } from './folded-text';
import { PII_REASONS, PiiContext, PiiFinding, checkFreeText, nirKeyIsValid } from './pii-guard';

/** [kind, excerpt] of every finding, in order. */
function found(text: string, context?: PiiContext): [string, string][] {
  return checkFreeText(text, context).map((finding) => [finding.kind, finding.excerpt]);
}

/** The one finding of `text`, failing when there is not exactly one. */
function only(text: string, context?: PiiContext): PiiFinding {
  const findings = checkFreeText(text, context);
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('checkFreeText', () => {
  describe('counsellor prose without personal data', () => {
    it.each([
      'Il souhaite travailler dans la pierre et la rénovation',
      'Projet : CAP cuisine, claire motivation',
      'Disponible en mars 2027',
      'Expérience de 5 ans en maçonnerie',
      'Métiers visés : F1606 (peintre en bâtiment), F1703 et D1408.',
      'Bassin de Poitiers : 1 250 projets de recrutement en 2024, dont 72 % jugés difficiles (BMO).',
      'Libération prévue au 2e semestre 2026, éligible à la semi-liberté et au placement extérieur.',
      'Permis B, véhicule, mobilité 30 km. Langues : français, arabe, anglais (B1).',
      'Il suit 2 cours de français par semaine et vise 3 places en formation qualifiante.',
      'Inscrit à France Travail et suivi par la Mission Locale. Il souhaite rester en France.',
      "Ancien matelot dans la Marine nationale, il connaît la levée d'écrou prévue en 2026.",
      'Pierre de taille et bois : deux chantiers de restauration. Claire et nette progression.',
      'Disponible après Noël, plutôt sur le bassin de Valence ou en Lorraine.',
      "Il a un niveau CP en lecture ; la maison d'arrêt propose un atelier ; stage chez Orange.",
      'CACES R489 catégories 1A, 3 et 5 obtenus en 2023 ; SST à recycler.',
    ])('does not flag %p', (text) => {
      expect(checkFreeText(text)).toEqual([]);
    });

    it('returns nothing for an empty text', () => {
      expect(checkFreeText('')).toEqual([]);
    });
  });

  describe('phone numbers', () => {
    it.each(['06 12 34 56 78', '06.12.34.56.78', '06-12-34-56-78', '+33 6 12 34 56 78', '+33612345678', '0033 6 12 34 56 78', '0612345678', '01 45 67 89 10', '09 70 12 34 56', '+33 (0)6 12 34 56 78', '+212 6 12 34 56 78'])(
      'flags %p with its exact span',
      (phone) => {
        const text = `Joignable au ${phone}, le soir.`;
        expect(only(text)).toEqual({ kind: 'phone', start: 13, end: 13 + phone.length, excerpt: phone, reason: PII_REASONS.phone });
      },
    );

    it.each(['Code 0 à 5', 'F1606', '1 250 projets', 'SIRET 123 456 789 00012', '06 12 34', '00 00 00 00 00'])('does not flag %p', (text) => {
      expect(found(text).filter(([kind]) => kind === 'phone')).toEqual([]);
    });
  });

  describe('e-mail addresses', () => {
    it('flags an address, names inside it included, as one e-mail finding', () => {
      expect(only('Écrire à Kevin.Durand-93@orange.fr pour le suivi')).toMatchObject({ kind: 'email', start: 9, end: 34, excerpt: 'Kevin.Durand-93@orange.fr' });
    });

    it('leaves a lone @ and unfinished addresses alone', () => {
      expect(checkFreeText('Rendez-vous @ 14 h ; adresse à préciser ; kevin@ ; @gmail.com')).toEqual([]);
    });
  });

  describe('postal addresses', () => {
    it.each([
      ['Habite 12 rue de la Paix, seul.', '12 rue de la Paix'],
      ['Habite 12 bis rue des lilas, seul.', '12 bis rue des lilas'],
      ['Habite 3, avenue Jean Jaurès, seul.', '3, avenue Jean Jaurès'],
      ['Habite 7 bd du Général de Gaulle, seul.', '7 bd du Général de Gaulle'],
      ["Habite 14 ter allée de l'Église, seul.", "14 ter allée de l'Église"],
      ['Habite 4 chemin des Dames, seul.', '4 chemin des Dames'],
      ['Habite 2 place de la République, seul.', '2 place de la République'],
      ['Habite 21 quai des Chartrons, seul.', '21 quai des Chartrons'],
      ['Habite 5 cours Mirabeau, seul.', '5 cours Mirabeau'],
      ['Habite 1 impasse Verte, seul.', '1 impasse Verte'],
    ])('flags the street address in %p', (text, address) => {
      expect(only(text)).toMatchObject({ kind: 'address', excerpt: address, start: 7, end: 7 + address.length, reason: PII_REASONS.streetAddress });
    });

    it.each([
      ['Famille à 86000 Poitiers.', '86000 Poitiers'],
      ['Famille à 97110 Pointe-à-Pitre.', '97110 Pointe-à-Pitre'],
      ['Famille à 73200 Albertville Cedex 2.', '73200 Albertville Cedex 2'],
      ['Famille à 61250 Condé sur Sarthe.', '61250 Condé sur Sarthe'],
    ])('flags the postcode and commune in %p', (text, place) => {
      expect(only(text)).toMatchObject({ kind: 'address', excerpt: place, start: 10, reason: PII_REASONS.postcode });
    });

    it.each([
      'Il suit 2 cours de remise à niveau',
      '3 places en formation',
      '2 routes possibles',
      '12500 projets de recrutement',
      '99000 Euros',
      'Une rue passante',
    ])('does not flag %p', (text) => {
      expect(checkFreeText(text)).toEqual([]);
    });
  });

  describe('dates of birth and full dates', () => {
    it.each([
      ['Il est né le 12/03/1990.', 'né le 12/03/1990'],
      ['Elle est née en 1990.', 'née en 1990'],
      ['Né(e) le 1er mai 1988 selon la fiche.', 'Né(e) le 1er mai 1988'],
      ['Il est né le 3 mai, à Lyon.', 'né le 3 mai'],
      ['Né en mars 1985.', 'Né en mars 1985'],
      ['Date de naissance : 04/1992.', 'Date de naissance : 04/1992'],
      ['NE LE 12.03.90', 'NE LE 12.03.90'],
    ])('flags the birth date in %p', (text, excerpt) => {
      expect(only(text)).toMatchObject({ kind: 'birth_date', excerpt, reason: PII_REASONS.birthDate });
    });

    it.each([
      ['Audience le 12/03/2026.', '12/03/2026'],
      ['Audience le 12 mars 2026.', '12 mars 2026'],
      ['Audience le 1er sept. 2026.', '1er sept. 2026'],
      ['Audience le 2026-03-12.', '2026-03-12'],
      ['Audience le 5-3-26.', '5-3-26'],
    ])('flags the full date in %p as a date, with a gentler reason', (text, excerpt) => {
      expect(only(text)).toMatchObject({ kind: 'date', excerpt, start: 12, reason: PII_REASONS.date });
    });

    it.each(['Disponible en mars 2027', 'Sortie en 2026', 'Libération entre mars et avril 2027', 'Du 3 au 5 mars', 'Ratio 1/2/3', '12/13/2026', 'En 2024 : 5 ans'])(
      'does not flag %p',
      (text) => {
        expect(checkFreeText(text)).toEqual([]);
      },
    );
  });

  describe('NIR-like numbers', () => {
    it('checks the key of a 15-digit number and says so', () => {
      expect(only('NIR 1 85 05 78 006 084 91.')).toMatchObject({ kind: 'nir', excerpt: '1 85 05 78 006 084 91', start: 4, end: 25, reason: PII_REASONS.nirValidKey });
      expect(only('NIR 1 85 05 78 006 084 36.')).toMatchObject({ kind: 'nir', excerpt: '1 85 05 78 006 084 36', reason: PII_REASONS.nirBadKey });
      expect(only('NIR 185057800608491.')).toMatchObject({ excerpt: '185057800608491', reason: PII_REASONS.nirValidKey });
    });

    it('flags 13 digits without a key, and Corsican departments', () => {
      expect(only('Numéro 1850578006084 noté.')).toMatchObject({ kind: 'nir', excerpt: '1850578006084', reason: PII_REASONS.nirNoKey });
      expect(only('Numéro 2 69 02 2A 341 732 14 noté.')).toMatchObject({ kind: 'nir', excerpt: '2 69 02 2A 341 732 14', reason: PII_REASONS.nirValidKey });
    });

    it('computes the key, 2A read as 19 and 2B as 18', () => {
      expect(nirKeyIsValid('185057800608491')).toBe(true);
      expect(nirKeyIsValid('185057800608436')).toBe(false);
      expect(nirKeyIsValid('269022A34173214')).toBe(true);
      expect(nirKeyIsValid('269022B34173214')).toBe(false);
      expect(nirKeyIsValid('1850578006084')).toBe(false);
    });

    it.each(['14 chiffres 18505780060849', 'Commence par 3 : 3 85 05 78 006 084 91', 'Mois 13 : 1 85 13 78 006 084', 'SIRET 12345678900012'])('does not flag %p', (text) => {
      expect(found(text).filter(([kind]) => kind === 'nir')).toEqual([]);
    });
  });

  describe('écrou numbers', () => {
    it.each([
      ["Son n° d'écrou 12345 figure au dossier.", "n° d'écrou 12345"],
      ["Numéro d'écrou : 4567 au dossier.", "Numéro d'écrou : 4567"],
      ['Écrou n° 123456 au dossier.', 'Écrou n° 123456'],
      ['Écrou 1234567 au dossier.', 'Écrou 1234567'],
      ['Son ECROU : 98 765 au dossier.', 'ECROU : 98 765'],
    ])('flags %p', (text, excerpt) => {
      expect(only(text)).toMatchObject({ kind: 'ecrou', excerpt, reason: PII_REASONS.ecrou });
    });

    it('needs 5 to 7 digits right after the bare word, so a year is not an écrou number', () => {
      expect(checkFreeText("Levée d'écrou 2026, puis écrou 12345678.")).toEqual([]);
      expect(checkFreeText("Levée d'écrou prévue en 2026 ; l'écrou est récent.")).toEqual([]);
    });

    it("leaves the date of a levée d'écrou to the date detector", () => {
      expect(found("Levée d'écrou le 12/03/2026.")).toEqual([['date', '12/03/2026']]);
    });
  });

  describe('establishments', () => {
    const context = { establishmentNames: ['Centre pénitentiaire de Poitiers-Vivonne', 'CP POITIERS VIVONNE', 'Fresnes'] };

    it('finds the names of the context, ignoring accents, case and separators, with exact spans', () => {
      const text = 'Incarcéré au centre penitentiaire de poitiers vivonne, puis au CP Poitiers-Vivonne et à FRESNES.';
      expect(checkFreeText(text, context).map(({ kind, start, end, excerpt }) => ({ kind, start, end, excerpt }))).toEqual([
        { kind: 'establishment', start: 13, end: 53, excerpt: 'centre penitentiaire de poitiers vivonne' },
        { kind: 'establishment', start: 63, end: 82, excerpt: 'CP Poitiers-Vivonne' },
        { kind: 'establishment', start: 88, end: 95, excerpt: 'FRESNES' },
      ]);
    });

    it('matches context names as whole words only', () => {
      expect(checkFreeText('Les Fresnesiens et Fresnes-lès-Rungis ; fresnesoise', context).map((finding) => finding.excerpt)).toEqual(['Fresnes']);
    });

    it.each([
      ["Détenu à la maison d'arrêt de Nantes.", "maison d'arrêt de Nantes"],
      ['Détenu au centre pénitentiaire de Fleury-Mérogis.', 'centre pénitentiaire de Fleury-Mérogis'],
      ["Détenu au centre de détention d'Argentan.", "centre de détention d'Argentan"],
      ['Détenu à la Maison Centrale de Saint-Martin-de-Ré.', 'Maison Centrale de Saint-Martin-de-Ré'],
      ["Détenu au centre pénitentiaire d'Alençon-Condé sur Sarthe.", "centre pénitentiaire d'Alençon-Condé sur Sarthe"],
      ['Détenu au CP de Caen.', 'CP de Caen'],
      ['Détenu à la MA de Rouen.', 'MA de Rouen'],
      ['Détenu au CD BAPAUME.', 'CD BAPAUME'],
      ['Détenu à la prison de la Santé.', 'prison de la Santé'],
      ["Détenu à la maison d’arrêt d’Angers.", 'maison d’arrêt d’Angers'],
    ])('recognises the generic form in %p', (text, excerpt) => {
      expect(only(text)).toMatchObject({ kind: 'establishment', excerpt, reason: PII_REASONS.establishment });
    });

    it.each(["La maison d'arrêt propose un atelier.", 'Il sort de prison en 2026.', 'Niveau CP en lecture.', 'Un centre de détention du Nord-Est.'.toLowerCase()])(
      'does not flag %p',
      (text) => {
        expect(checkFreeText(text)).toEqual([]);
      },
    );
  });

  describe('first names', () => {
    it('flags a plain name anywhere it is capitalised, sentence start included', () => {
      expect(only('Kevin souhaite devenir maçon.')).toMatchObject({ kind: 'first_name', start: 0, end: 5, excerpt: 'Kevin', reason: PII_REASONS.firstName });
      expect(found('Il travaille avec Fatoumata et Mehdi.')).toEqual([
        ['first_name', 'Fatoumata'],
        ['first_name', 'Mehdi'],
      ]);
    });

    it('does not flag a name written in lowercase', () => {
      expect(checkFreeText('il a un ami, kevin, qui travaille')).toEqual([]);
    });

    it('compares without accents or case but reports the original span', () => {
      expect(found('Kévin, KEVIN, Kevin, Megane Dupont, MÉGANE DUPONT.')).toEqual([
        ['first_name', 'Kévin'],
        ['first_name', 'KEVIN'],
        ['first_name', 'Kevin'],
        ['first_name', 'Megane Dupont'],
        ['first_name', 'MÉGANE DUPONT'],
      ]);
      const decomposed = 'Avec Ke\u0301vin.';
      expect(only(decomposed)).toMatchObject({ start: 5, end: 11, excerpt: 'Ke\u0301vin' });
    });

    it('flags a word-name mid-sentence, before a surname or after a cue, not at a sentence start', () => {
      expect(found('Pierre et bois. Il en parle avec Pierre.')).toEqual([['first_name', 'Pierre']]);
      expect(only('Il en parle avec Pierre.').start).toBe(17);
      expect(found('Claire Dubois viendra. Claire progression.')).toEqual([['first_name', 'Claire Dubois']]);
      expect(found('Rose MARTIN et Pascal.')).toEqual([
        ['first_name', 'Rose MARTIN'],
        ['first_name', 'Pascal'],
      ]);
    });

    it('reads a word-name after an article as a common noun', () => {
      expect(checkFreeText('Il a servi dans la Marine, il aime une Rose des sables.')).toEqual([]);
    });

    it('flags a proper name (also a place or a brand) only before a surname', () => {
      expect(checkFreeText('Il vit en France, vers Valence ; France Travail et Orange Business le suivent.')).toEqual([]);
      expect(found('France Dupont et Nancy Martin sont venues.')).toEqual([
        ['first_name', 'France Dupont'],
        ['first_name', 'Nancy Martin'],
      ]);
    });

    it('includes a surname written in capitals before or after the name', () => {
      expect(found('DUPONT Kevin et Kevin DURAND, mais Kevin CAP cuisine.')).toEqual([
        ['first_name', 'DUPONT Kevin'],
        ['first_name', 'Kevin DURAND'],
        ['first_name', 'Kevin'],
      ]);
    });

    it('flags any capitalised name after a civility, and the civility with it', () => {
      expect(found('M. Dupont, Mme Fatou Diallo, Mme de Villiers, monsieur Xyzt, Mlle Zorglub.')).toEqual([
        ['first_name', 'M. Dupont'],
        ['first_name', 'Mme Fatou Diallo'],
        ['first_name', 'Mme de Villiers'],
        ['first_name', 'monsieur Xyzt'],
        ['first_name', 'Mlle Zorglub'],
      ]);
      expect(only('Vu avec M. Dupont hier.')).toMatchObject({ start: 8, end: 17, reason: PII_REASONS.civility });
    });

    it('does not read titles or plain civilities as names', () => {
      expect(checkFreeText('Monsieur le Juge, Madame la Directrice. Monsieur souhaite se former. M le maire.')).toEqual([]);
    });

    it('flags whatever follows "prénom" or "surnommé"', () => {
      expect(found('Son prénom : Kylian. Surnommé « Zizou ». Il s’appelle Xavi.')).toEqual([
        ['first_name', 'Kylian'],
        ['first_name', 'Zizou'],
        ['first_name', 'Xavi'],
      ]);
      expect(only('prénom : kevin')).toMatchObject({ excerpt: 'kevin', reason: PII_REASONS.namedByCue });
    });

    it('flags compound names, not places named after saints or people', () => {
      expect(found('Jean-Pierre et Marie-Claire, Jean-Kevin.')).toEqual([
        ['first_name', 'Jean-Pierre'],
        ['first_name', 'Marie-Claire'],
        ['first_name', 'Jean-Kevin'],
      ]);
      expect(checkFreeText('Saint-Pierre, Saint Denis, Pierre-Bénite, île Maurice, lycée Jean Moulin.')).toEqual([]);
    });

    it('merges consecutive names into one finding', () => {
      expect(only('Son oncle Jean Pierre Martin.')).toMatchObject({ excerpt: 'Jean Pierre Martin', start: 10, end: 28 });
      expect(only('Monsieur Jean Pierre Martin.')).toMatchObject({ excerpt: 'Monsieur Jean Pierre Martin', reason: PII_REASONS.civility });
    });
  });

  describe('overlaps', () => {
    it('keeps the most specific finding', () => {
      expect(found('Elle est née le 12/03/1990.')).toEqual([['birth_date', 'née le 12/03/1990']]);
      expect(found('Habite 12 rue Victor Hugo.')).toEqual([['address', '12 rue Victor Hugo']]);
      expect(found("Détenu à la maison d'arrêt de Nancy.")).toEqual([['establishment', "maison d'arrêt de Nancy"]]);
      expect(found('Écrire à Pierre.Martin@free.fr')).toEqual([['email', 'Pierre.Martin@free.fr']]);
    });

    it('reports UTF-16 offsets, after astral characters and ligatures', () => {
      const text = '👷 Lætitia Cœur-Martin au 06 12 34 56 78';
      const findings = checkFreeText(text);
      expect(findings.map(({ kind, start, end }) => ({ kind, start, end }))).toEqual([
        { kind: 'first_name', start: 3, end: 22 },
        { kind: 'phone', start: 26, end: 40 },
      ]);
      for (const finding of findings) expect(text.slice(finding.start, finding.end)).toBe(finding.excerpt);
    });
  });

  it('finds every kind in a realistic paragraph, sorted and without overlap', () => {
    const text = [
      'Projet professionnel : Kevin souhaite devenir maçon (F1703) sur le bassin de Poitiers, où le BMO 2024 recense',
      '1 250 projets dont 72 % difficiles. Il est né le 14/02/1995 et sa mère, Mme Fatou Diallo, habite au 8 bis rue',
      "des Acacias, 86000 Poitiers (06 61 22 33 44, fatou.diallo@gmail.com). Écroué au CP de Poitiers-Vivonne sous le n° d'écrou",
      '45872, il a obtenu un CACES en 2023. NIR : 1 95 02 86 194 023 47. Claire motivation ; il parle souvent de Pierre,',
      'son éducateur. Audience le 12 mars 2026. Disponible en mars 2027, permis B.',
    ].join('\n');
    const findings = checkFreeText(text, { establishmentNames: ['Centre pénitentiaire de Poitiers-Vivonne'] });
    expect(findings.map((finding) => [finding.kind, finding.excerpt])).toEqual([
      ['first_name', 'Kevin'],
      ['birth_date', 'né le 14/02/1995'],
      ['first_name', 'Mme Fatou Diallo'],
      ['address', '8 bis rue\ndes Acacias'],
      ['address', '86000 Poitiers'],
      ['phone', '06 61 22 33 44'],
      ['email', 'fatou.diallo@gmail.com'],
      ['establishment', 'CP de Poitiers-Vivonne'],
      ['ecrou', "n° d'écrou\n45872"],
      ['nir', '1 95 02 86 194 023 47'],
      ['first_name', 'Pierre'],
      ['date', '12 mars 2026'],
    ]);
    for (let index = 0; index < findings.length; index += 1) {
      const finding = findings[index];
      expect(text.slice(finding.start, finding.end)).toBe(finding.excerpt);
      expect(finding.reason.length).toBeGreaterThan(10);
      if (index > 0) expect(finding.start).toBeGreaterThanOrEqual(findings[index - 1].end);
    }
  });
});

describe('French first-name list', () => {
  it('holds at least 600 distinct names, both genders and many origins', () => {
    expect(FIRST_NAMES.size).toBeGreaterThanOrEqual(600);
    for (const name of ['Jean', 'Monique', 'Kevin', 'Océane', 'Mohamed', 'Fatima', 'Mamadou', 'Aminata', 'João', 'Giuseppe', 'Bogdan', 'Ayşe', 'Minh', 'Nolwenn']) {
      expect(FIRST_NAMES.has(firstNameKey(name))).toBe(true);
    }
  });

  it('files names that are also words or places where the guard asks for more evidence', () => {
    for (const name of ['Pierre', 'Rose', 'Claire', 'Marine', 'Olive', 'Aimé', 'Juste', 'Ange', 'Pascal', 'Martin']) {
      expect(FIRST_NAMES.get(firstNameKey(name))).toBe('word');
    }
    for (const name of ['France', 'Florence', 'Orange', 'Noël']) expect(FIRST_NAMES.get(firstNameKey(name))).toBe('proper');
    expect(FIRST_NAMES.get('kevin')).toBe('plain');
  });

  it('keeps every entry a single capitalised name', () => {
    for (const name of [...PLAIN_FIRST_NAMES, ...WORD_FIRST_NAMES, ...PROPER_FIRST_NAMES]) {
      expect(name).toMatch(/^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*$/u);
    }
  });
});

describe('foldText', () => {
  it('maps folded characters back to their original span', () => {
    const folded = foldText('Cœur d’É\u0301té 👷');
    expect(folded.folded).toBe("Coeur d'Ete 👷");
    expect(folded.lower).toBe("coeur d'ete 👷");
    expect(originalSpan(folded, 0, 5)).toEqual({ start: 0, end: 4 }); // "Coeur" ← "Cœur"
    expect(originalSpan(folded, 6, 9)).toEqual({ start: 5, end: 9 }); // "d'E" ← "d’É" and its extra combining accent
    expect(originalSpan(folded, 12, 14)).toEqual({ start: 12, end: 14 }); // the astral character, two UTF-16 units
  });
});
