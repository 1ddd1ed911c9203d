import type { BasinNeedDto } from './dto/basin-needs.dto';
import { TENSION_THRESHOLDS } from './tension';

const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
const NUMBER = new Intl.NumberFormat('fr-FR');
// One decimal, so that a tension just under a threshold (0.5998) does not read as the threshold (60 %).
const TENSION = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (value: number) => NUMBER.format(value);
export const formatShare = (value: number | null) => (value === null ? null : PERCENT.format(value));

/** A need as the pages show it: secret figures left null for the template to spell out, shares as percentages. */
export function needForView(need: BasinNeedDto) {
  return {
    ...need,
    projectsText: need.projects === null ? null : NUMBER.format(need.projects),
    difficultText: formatShare(need.shareDifficult),
    seasonalText: formatShare(need.shareSeasonal),
    tensionText: need.tension === null ? null : TENSION.format(need.tension),
  };
}

/** The thresholds as the explanation block states them. */
export const TENSION_THRESHOLD_TEXT = { strong: PERCENT.format(TENSION_THRESHOLDS.strong), moderate: PERCENT.format(TENSION_THRESHOLDS.moderate) };
