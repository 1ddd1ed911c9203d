/** Messages shown after a redirect, passed as ?info=<code> so no server state is needed. */
export const INFO_MESSAGES: Record<string, string> = {
  'inscription': 'Votre compte est créé. Un e-mail de confirmation vient de vous être envoyé : cliquez sur le lien pour activer votre compte. Votre organisation sera ensuite examinée par un coordinateur.',
  'email-confirme': 'Votre adresse e-mail est confirmée. Vous pouvez vous connecter.',
  'lien-envoye': 'Si un compte existe pour cette adresse, un e-mail vient d’être envoyé.',
  'mot-de-passe-modifie': 'Votre mot de passe a été modifié.',
  'mot-de-passe-reinitialise': 'Votre mot de passe a été modifié. Vous pouvez vous connecter.',
  'deconnecte': 'Vous êtes déconnecté.',
  'organisation-validee': 'L’organisation est validée ; ses membres ont été prévenus par e-mail.',
  'organisation-refusee': 'L’organisation est refusée ; ses membres ont été prévenus par e-mail.',
};

export function infoMessage(code: unknown): string | undefined {
  return typeof code === 'string' ? INFO_MESSAGES[code] : undefined;
}
