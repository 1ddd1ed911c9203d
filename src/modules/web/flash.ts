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
  'organisation-suspendue': 'L’organisation est suspendue ; ses membres ont été prévenus par e-mail, avec le motif.',
  'organisation-retablie': 'L’organisation est rétablie ; ses membres ont été prévenus par e-mail.',
  'organisation-profil-modifie': 'Le profil de l’organisation est enregistré.',
  'organisation-reglages-modifies': 'Les réglages de l’organisation sont enregistrés.',
  'charte-acceptee': 'La charte de la seconde chance est acceptée au nom de l’organisation. Merci !',
  'correspondance-confirmee': 'La correspondance est confirmée.',
  'correspondance-ecartee': 'La correspondance est écartée : elle ne sera plus proposée ni réactivée par un import.',
  'profil-cree': 'Le profil est créé en brouillon, sous un code pseudonyme. Complétez-le, enregistrez le consentement de la personne, puis publiez-le.',
  'profil-enregistre': 'Le profil est enregistré.',
  'profil-publie': 'Le profil est publié : les employeurs voient sa version anonymisée.',
  'profil-en-pause': 'Le profil est en pause : les employeurs ne le voient plus.',
  'profil-repris': 'Le profil est de nouveau publié.',
  'profil-place': 'Le profil est marqué comme placé : il n’est plus proposé aux employeurs.',
  'profil-archive': 'Le profil est archivé.',
  'consentement-enregistre': 'Le consentement à la publication est enregistré.',
  'consentement-revoque': 'Le consentement est révoqué. Si le profil était publié, il est mis en pause : les employeurs ne le voient plus.',
  'besoin-cree': 'Le besoin est enregistré en brouillon. Vérifiez ci-dessous le bassin d’emploi déduit de la commune, puis publiez-le quand il est complet.',
  'besoin-enregistre': 'Les modifications du besoin sont enregistrées.',
  'besoin-publie': 'Le besoin est publié.',
  'besoin-clos': 'Le besoin est clôturé.',
  'besoin-confirme': 'Merci : le besoin est confirmé comme toujours d’actualité. Il reste publié.',
  'programme-cree': 'Le programme est créé. Ajoutez-y les organisations qui y participent.',
  'programme-modifie': 'Le programme est enregistré.',
  'membre-ajoute': 'L’organisation fait maintenant partie du programme.',
  'membre-retire': 'L’organisation ne fait plus partie du programme.',
  'invitation-envoyee': 'L’invitation est envoyée : votre collègue reçoit par e-mail un lien pour choisir son mot de passe.',
  'invitation-acceptee': 'Bienvenue ! Votre mot de passe est enregistré et vous êtes connecté·e à votre organisation.',
  'equipe-role-modifie': 'Le rôle du membre est modifié.',
  'equipe-membre-retire': 'Le membre est retiré de l’organisation : son compte est supprimé et ses sessions sont fermées.',
  'equipe-vous-avez-quitte': 'Vous avez quitté l’organisation : votre compte est supprimé.',
};

/**
 * Errors shown after a redirect, passed as ?erreur=<code>. The page renders them as `message` (the
 * errors-summary partial), so the layout's title says "Erreur —"; never pass an INFO_MESSAGES text there.
 */
export const ERROR_MESSAGES: Record<string, string> = {
  'correspondance-deja-active': 'Cette correspondance était déjà active.',
  'correspondance-deja-ecartee': 'Cette correspondance était déjà écartée.',
  'rome-inconnu': 'Ce code ROME n’existe pas dans le référentiel importé.',
  'fap-inconnu': 'Ce code FAP n’est pas connu : importez d’abord l’enquête BMO.',
  'codes-fap-rome-invalides': 'Codes FAP ou ROME invalides.',
};

export function infoMessage(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(INFO_MESSAGES, code) ? INFO_MESSAGES[code] : undefined;
}

export function errorMessage(code: unknown): string | undefined {
  return typeof code === 'string' && Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code] : undefined;
}
