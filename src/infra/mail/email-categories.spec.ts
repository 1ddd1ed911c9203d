import { isNonEssential, NON_ESSENTIAL_EMAILS, nonEssentialDescriptions } from './email-categories';
import { EMAIL_TEMPLATES } from './email-templates';

describe('e-mail categories', () => {
  it('lets users turn off the stale-need reminder only, among the foundation’s e-mails', () => {
    expect(isNonEssential('need-stale-warning')).toBe(true);
    for (const essential of ['verify-email', 'password-reset', 'organisation-submitted', 'organisation-approved', 'organisation-refused', 'organisation-suspended', 'need-unpublished'] as const) {
      expect(isNonEssential(essential)).toBe(false);
    }
  });

  it('lets users turn off the introduction and sponsorship reminders, never the introduction requests, decisions or closings', () => {
    expect(isNonEssential('introduction-reminder')).toBe(true);
    expect(isNonEssential('sponsorship-checkin-due')).toBe(true);
    for (const essential of ['introduction-requested', 'introduction-proposed', 'introduction-accepted', 'introduction-declined', 'introduction-introduced', 'introduction-closed'] as const) {
      expect(isNonEssential(essential)).toBe(false);
    }
  });

  it('names only real templates, each with a French description for the account page', () => {
    for (const template of Object.keys(NON_ESSENTIAL_EMAILS)) expect(EMAIL_TEMPLATES).toContain(template);
    expect(nonEssentialDescriptions().length).toBe(Object.keys(NON_ESSENTIAL_EMAILS).length);
    for (const description of nonEssentialDescriptions()) expect(description).toMatch(/^les? /);
  });
});
