import Handlebars from 'handlebars';
import { EMAIL_SUBJECTS, EMAIL_TEMPLATES, EmailProps, EmailTemplate } from './email-templates';
import { MailRenderer } from './mail-renderer';
import { EMAIL_SAMPLES as SAMPLES } from '../../../tests/support/email-samples';


const URL_PROPS = new Set(['verifyUrl', 'resetUrl', 'reviewUrl', 'loginUrl', 'needUrl', 'invitationUrl', 'introductionUrl', 'sponsorshipUrl', 'dayUrl', 'scheduleUrl']);

const escapeHtml = (value: unknown) => Handlebars.escapeExpression(String(value));
const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HTML_TAG = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i;

describe('MailRenderer', () => {
  const renderer = new MailRenderer();
  const render = <T extends EmailTemplate>(name: T, props: EmailProps[T]) => renderer.render(name, props);

  it('has sample props for every template', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...EMAIL_TEMPLATES].sort());
  });

  describe.each(EMAIL_TEMPLATES)('%s', (name) => {
    const props = SAMPLES[name];
    // Boolean props are flags that choose a wording, not values shown as such.
    const entries = Object.entries(props).filter(([, value]) => typeof value !== 'boolean') as [string, string | number][];
    const urls = entries.filter(([key]) => URL_PROPS.has(key)).map(([, value]) => String(value));
    const rendered = () => render(name, props);

    it('uses the subject from EMAIL_SUBJECTS', () => {
      const subject = (EMAIL_SUBJECTS[name] as (p: typeof props) => string)(props);
      expect(subject.length).toBeGreaterThan(0);
      expect(rendered().subject).toBe(subject);
    });

    it('renders a complete French HTML document inside the layout', () => {
      const { html, subject } = rendered();
      expect(html).toMatch(/^<!DOCTYPE html>/i);
      expect(html).toContain('<html lang="fr"');
      expect(html).toContain(`<title>${escapeHtml(subject)}</title>`);
      expect(html).toContain('Passerelle</p>');
      expect(html).toContain('envoyé automatiquement par Passerelle');
      expect(html).toContain('ne pas répondre');
      expect(html).toContain('max-width:600px');
      expect(html).not.toMatch(/<style|<link|<script/i);
      expect(html.trimEnd()).toMatch(/<\/html>$/);
    });

    it('greets the user and shows every prop, HTML-escaped, in the HTML part', () => {
      const { html } = rendered();
      expect(html).toContain(`Bonjour ${escapeHtml(props.displayName)},`);
      for (const [, value] of entries) expect(html).toContain(escapeHtml(value));
    });

    it('links each URL from a button and writes it out for copy-paste', () => {
      const { html } = rendered();
      for (const url of urls) {
        const href = `href="${escapeHtml(url)}"`;
        expect(html.split(href).length - 1).toBeGreaterThanOrEqual(2);
        expect(html).toContain(`>${escapeHtml(url)}</a>`);
      }
    });

    it('renders a plain-text part with the values as typed and no HTML', () => {
      const { text } = rendered();
      expect(text.startsWith('Passerelle\n')).toBe(true);
      expect(text).toContain(`Bonjour ${props.displayName},`);
      expect(text).toContain('envoyé automatiquement par Passerelle');
      expect(text).toContain('ne pas répondre');
      for (const [, value] of entries) expect(text).toContain(String(value));
      expect(text).not.toMatch(HTML_TAG);
      expect(text).not.toMatch(/&(amp|lt|gt|quot|#x27|#x3D|#x60|nbsp);/);
    });

    it('puts each URL on its own line in the plain-text part', () => {
      const { text } = rendered();
      for (const url of urls) expect(text).toMatch(new RegExp(`^${escapeRegExp(url)}$`, 'm'));
    });

    it('throws when a prop is missing (strict mode)', () => {
      for (const [key] of entries) {
        const incomplete = { ...props } as Record<string, unknown>;
        delete incomplete[key];
        expect(() => render(name, incomplete as never)).toThrow(new RegExp(key));
      }
    });
  });

  it('mentions the link lifetimes', () => {
    const verify = render('verify-email', SAMPLES['verify-email']);
    expect(verify.html).toContain('48 h');
    expect(verify.text).toContain('valable 48 h');
    const reset = render('password-reset', SAMPLES['password-reset']);
    expect(reset.html).toContain('45 min');
    expect(reset.text).toContain('valable 45 min');
  });

  it('tells the user to ignore an unrequested password reset', () => {
    const { html, text } = render('password-reset', SAMPLES['password-reset']);
    for (const part of [html, text]) expect(part).toMatch(/Si vous n’avez pas demandé[^.]*ignorez/);
  });

  it('gives the organisation name and kind to the coordinators', () => {
    const { text } = render('organisation-submitted', SAMPLES['organisation-submitted']);
    expect(text).toContain('Organisation : Boulangerie Lefèvre & Fils');
    expect(text).toContain('Type : Entreprise (TPE)');
  });

  it('says approved members can log in and browse anonymised candidate projects', () => {
    const { html, text } = render('organisation-approved', SAMPLES['organisation-approved']);
    for (const part of [html, text]) {
      expect(part).toContain('se connecter');
      expect(part).toContain('projets professionnels des candidats');
      expect(part).toContain('anonymisés');
    }
  });

  it('quotes the refusal reason and explains what to do next', () => {
    const { reason } = SAMPLES['organisation-refused'];
    const { html, text } = render('organisation-refused', SAMPLES['organisation-refused']);
    expect(html).toMatch(new RegExp(`<blockquote[^>]*>${escapeRegExp(escapeHtml(reason))}</blockquote>`));
    expect(text).toContain(`« ${reason} »`);
    for (const part of [html, text]) {
      expect(part).toContain('contacter l’équipe du programme');
      expect(part).toContain('vous inscrire à nouveau avec des informations corrigées');
    }
  });

  it('quotes the suspension reason, says what is blocked and whom to contact', () => {
    const { reason } = SAMPLES['organisation-suspended'];
    const { html, text } = render('organisation-suspended', SAMPLES['organisation-suspended']);
    expect(html).toMatch(new RegExp(`<blockquote[^>]*>${escapeRegExp(escapeHtml(reason))}</blockquote>`));
    expect(text).toContain(`« ${reason} »`);
    for (const part of [html, text]) {
      expect(part).toContain('suspendu');
      expect(part).toContain('consulter les profils anonymisés des candidats');
      expect(part).toContain('publier ou gérer des besoins de recrutement');
      expect(part).toContain('mises en relation');
      expect(part).toContain('contactez l’équipe de coordination du programme');
    }
  });

  it('tells a suspended partner organisation what it can no longer do with its own profiles', () => {
    const { html, text } = render('organisation-suspended', { ...SAMPLES['organisation-suspended'], partner: true });
    for (const part of [html, text]) {
      expect(part).toContain('rédiger ou modifier les profils des candidats de l’organisation');
      expect(part).not.toContain('publier ou gérer des besoins de recrutement');
    }
  });

  it('tells reinstated members they can use Passerelle again', () => {
    const { html, text } = render('organisation-reinstated', SAMPLES['organisation-reinstated']);
    for (const part of [html, text]) {
      expect(part).toContain('de nouveau active');
      expect(part).toContain('à nouveau consulter les profils anonymisés');
      expect(part).toContain('contacter l’équipe de coordination du programme');
    }
  });

  it.each(['organisation-refused', 'organisation-suspended'] as const)('escapes markup typed in the reason in the HTML part only (%s)', (name) => {
    const reason = '<img src=x onerror="alert(1)"> & <b>rappel</b>';
    const { html, text } = render(name, { ...SAMPLES[name], reason });
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;rappel&lt;/b&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>rappel');
    expect(text).toContain(`« ${reason} »`);
    expect(text).not.toContain('&lt;');
  });

  it.each(['organisation-submitted', 'organisation-approved', 'organisation-refused', 'organisation-suspended', 'organisation-reinstated'] as const)(
    'escapes markup typed in organisationName in the HTML part only (%s)',
    (name) => {
      const organisationName = '<script>alert("x")</script> & Cie';
      const { subject, html, text } = render(name, { ...SAMPLES[name], organisationName } as never);
      expect(subject).toContain(organisationName);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie');
      expect(html).not.toContain('<script>');
      expect(html).toContain(`<title>${escapeHtml(subject)}</title>`);
      expect(text).toContain(organisationName);
      expect(text).not.toContain('&lt;');
    },
  );

  it('names the inviter and the organisation, says how long the link lasts and what to do after', () => {
    const { subject, html, text } = render('organisation-invitation', SAMPLES['organisation-invitation']);
    expect(subject).toBe('Dominique L’Hôte vous invite à rejoindre Menuiserie “Le Copeau” & Fils sur Passerelle');
    expect(text).toContain('Dominique L’Hôte vous invite à rejoindre l’organisation Menuiserie “Le Copeau” & Fils');
    expect(html).toContain('valable <strong>9 jours</strong>');
    expect(text).toContain('valable 9 jours et ne sert qu’une fois');
    for (const part of [html, text]) {
      expect(part).toContain('choisir votre mot de passe');
      expect(part).toContain('« Mot de passe oublié »');
      expect(part).toMatch(/Si vous ne connaissez pas cette organisation, ignorez/);
    }
  });

  it('escapes markup typed in the inviter’s or the organisation’s name in the HTML part only (organisation-invitation)', () => {
    const typed = '<script>alert("x")</script> & Cie';
    const { html, text } = render('organisation-invitation', { ...SAMPLES['organisation-invitation'], inviterName: typed, organisationName: typed });
    expect(html).not.toContain('<script>');
    expect(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie').length - 1).toBeGreaterThanOrEqual(3);
    expect(text.split(typed).length - 1).toBe(2);
  });

  it('throws on a missing prop instead of rendering an empty value', () => {
    const props = { displayName: 'Camille Durand', verifyUrl: 'https://passerelle.test/v' };
    expect(() => render('verify-email', props as never)).toThrow(/expiresInHours/);
  });
});
