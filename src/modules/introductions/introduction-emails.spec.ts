import Handlebars from 'handlebars';
import { isNonEssential } from '../../infra/mail/email-categories';
import { EmailProps } from '../../infra/mail/email-templates';
import { MailRenderer } from '../../infra/mail/mail-renderer';
import { EMAIL_SAMPLES } from '../../../tests/support/email-samples';

type IntroductionTemplate = Extract<keyof EmailProps, `introduction-${string}`>;

/** The samples every e-mail spec shares; each introduction sample carries its side's link. */
const SAMPLES: { [T in IntroductionTemplate]: EmailProps[T] } = EMAIL_SAMPLES;

const TEMPLATES = Object.keys(SAMPLES).filter((name): name is IntroductionTemplate => name.startsWith('introduction-'));
const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i;

describe('introduction e-mails', () => {
  const renderer = new MailRenderer();
  const render = <T extends IntroductionTemplate>(name: T, props: EmailProps[T]) => renderer.render(name, props as never);

  describe.each(TEMPLATES)('%s', (name) => {
    const props = SAMPLES[name] as unknown as Record<string, unknown>;
    const values = Object.entries(props).filter(([, v]) => typeof v !== 'boolean') as [string, string][];

    it('greets the user, shows every prop in both parts and puts the link on its own line', () => {
      const { subject, html, text } = render(name, props as never);
      expect(subject).toContain(props.profileCode as string);
      expect(html).toContain(`Bonjour ${Handlebars.escapeExpression(props.displayName as string)},`);
      for (const [, value] of values) expect(html).toContain(Handlebars.escapeExpression(value));
      expect(text).toContain(`Bonjour ${props.displayName as string},`);
      for (const [, value] of values) expect(text).toContain(value);
      expect(text).not.toMatch(HTML_TAG);
      const url = props.introductionUrl as string;
      expect(text).toMatch(new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      expect(html.split(`href="${Handlebars.escapeExpression(url)}"`).length - 1).toBeGreaterThanOrEqual(2);
    });

    it('throws when a prop is missing (strict mode)', () => {
      for (const [key] of values) {
        const incomplete = { ...props };
        delete incomplete[key];
        expect(() => render(name, incomplete as never)).toThrow(new RegExp(key));
      }
    });
  });

  it('words a refusal for the side that reads it', () => {
    const employer = render('introduction-declined', SAMPLES['introduction-declined']);
    expect(employer.text).toContain('Motif indiqué par le conseiller : La personne a déjà une autre solution.');
    const counsellor = render('introduction-declined', { ...SAMPLES['introduction-declined'], forEmployer: false, reasonLabel: 'Plus de poste ou de place disponible' });
    expect(counsellor.subject).toBe('Transports O’Neil & Cie décline la proposition pour PSG-4MNP');
    expect(counsellor.text).toContain('Motif indiqué par l’employeur : Plus de poste ou de place disponible.');
  });

  it('gives each side the other’s contact and its own next steps once introduced', () => {
    const employer = render('introduction-introduced', SAMPLES['introduction-introduced']);
    expect(employer.text).toContain('Votre contact est le conseiller qui accompagne la personne');
    expect(employer.text).toContain('Toute la logistique passe par le conseiller');
    expect(employer.html).toContain('href="mailto:sacha.conseil@spip86.example"');
    const counsellor = render('introduction-introduced', { ...SAMPLES['introduction-introduced'], forEmployer: false, contactName: 'Dominique L’Hôte', contactEmail: 'dominique@oneil.example', contactOrganisationName: 'Transports O’Neil & Cie' });
    expect(counsellor.text).toContain('Votre contact chez l’employeur');
    expect(counsellor.text).toContain('Enregistrez la date de la rencontre sur Passerelle');
  });

  it('tells a withdrawal from a closure for lack of answer, and reminds the right side', () => {
    expect(render('introduction-closed', { ...SAMPLES['introduction-closed'], withdrawn: true }).subject).toBe('Mise en relation retirée pour PSG-7K3Q');
    expect(render('introduction-closed', SAMPLES['introduction-closed']).text).toContain('restée sans réponse dans le délai prévu');
    expect(render('introduction-reminder', SAMPLES['introduction-reminder']).subject).toBe('Rappel : la demande de Menuiserie “Le Copeau” & Fils pour PSG-7K3Q attend votre réponse');
    expect(render('introduction-reminder', { ...SAMPLES['introduction-reminder'], forEmployer: true }).text).toContain('La proposition de rencontre avec la personne du profil PSG-7K3Q');
  });

  it('asks the counsellor what came of a past meeting, or its new date; the reminder may be turned off', () => {
    const reminder = render('introduction-outcome-due', SAMPLES['introduction-outcome-due']);
    expect(reminder.subject).toBe('Rencontre du 12 mars 2026 pour PSG-4MNP : quelle suite ?');
    expect(reminder.text).toContain('La rencontre entre Transports O’Neil & Cie et la personne du profil PSG-4MNP était prévue le 12 mars 2026.');
    expect(reminder.text).toContain('Si la rencontre a été reportée, enregistrez sa nouvelle date.');
    expect(reminder.html).toContain('>Enregistrer la suite</a>');
    expect(isNonEssential('introduction-outcome-due')).toBe(true);
  });

  it('escapes markup typed in an organisation name in the HTML part only', () => {
    const organisationName = '<script>alert("x")</script> & Cie';
    const { html, text } = render('introduction-requested', { ...SAMPLES['introduction-requested'], organisationName });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(text).toContain(organisationName);
  });
});
