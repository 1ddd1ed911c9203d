import { DEFAULT_MEETINGS_PER_CANDIDATE } from './schedule-model';
import { ScheduledInterview, ScheduleInstance, ScheduleViolation } from './scheduling.types';

/** Rounds are 0-based in data and shown from 1 to people. */
const slot = (round: number) => `créneau n° ${round + 1}`;

/**
 * Re-checks any schedule (e.g. after the coordinator moved a slot by hand) and returns every violation, in French,
 * in a stable order: references and rounds first, then double bookings, availabilities, repeats, missing meetings.
 */
export function checkSchedule(instance: ScheduleInstance, interviews: ScheduledInterview[]): ScheduleViolation[] {
  const violations: ScheduleViolation[] = [];
  const candidates = new Set(instance.candidates.map((candidate) => candidate.id));
  const binomes = new Map(instance.binomes.map((binome) => [binome.id, binome]));
  const rooms = new Set(instance.rooms);
  const valid: ScheduledInterview[] = [];
  for (const interview of interviews) {
    let ok = true;
    if (!candidates.has(interview.candidateId)) {
      violations.push({ code: 'unknown_reference', message: `Le candidat ${interview.candidateId} ne fait pas partie de la session.`, candidateId: interview.candidateId });
      ok = false;
    }
    if (!binomes.has(interview.binomeId)) {
      violations.push({ code: 'unknown_reference', message: `Le binôme ${interview.binomeId} ne fait pas partie de la session.`, binomeId: interview.binomeId });
      ok = false;
    }
    if (!rooms.has(interview.roomId)) {
      violations.push({ code: 'unknown_reference', message: `La salle ${interview.roomId} ne fait pas partie de la session.`, roomId: interview.roomId });
      ok = false;
    }
    if (!Number.isInteger(interview.round) || interview.round < 0 || interview.round >= instance.rounds) {
      violations.push({
        code: 'round_out_of_range',
        message: `L’entretien de ${interview.candidateId} avec ${interview.binomeId} est prévu hors de la journée (créneau ${String(interview.round + 1)} sur ${instance.rounds}).`,
        candidateId: interview.candidateId,
        binomeId: interview.binomeId,
        round: interview.round,
      });
      ok = false;
    }
    if (ok) valid.push(interview);
  }

  const groups = (key: (interview: ScheduledInterview) => string) => {
    const map = new Map<string, ScheduledInterview[]>();
    for (const interview of valid) {
      const k = key(interview);
      const list = map.get(k);
      if (list) list.push(interview);
      else map.set(k, [interview]);
    }
    return [...map.values()];
  };
  for (const group of groups((i) => `${i.round}\u0000${i.candidateId}`)) {
    if (group.length < 2) continue;
    const { candidateId, round } = group[0];
    violations.push({
      code: 'candidate_double_booked',
      message: `Le candidat ${candidateId} a ${group.length} entretiens au ${slot(round)} (${group.map((i) => i.binomeId).join(', ')}).`,
      candidateId,
      round,
    });
  }
  for (const group of groups((i) => `${i.round}\u0000${i.binomeId}`)) {
    if (group.length < 2) continue;
    const { binomeId, round } = group[0];
    violations.push({
      code: 'binome_double_booked',
      message: `Le binôme ${binomeId} a ${group.length} entretiens au ${slot(round)} (${group.map((i) => i.candidateId).join(', ')}).`,
      binomeId,
      round,
    });
  }
  const organisationRounds = new Map<string, Set<string>>();
  for (const interview of valid) {
    for (const organisationId of new Set(binomes.get(interview.binomeId)?.organisationIds ?? [])) {
      const key = `${interview.round}\u0000${organisationId}`;
      const set = organisationRounds.get(key) ?? new Set<string>();
      set.add(interview.binomeId);
      organisationRounds.set(key, set);
    }
  }
  for (const [key, binomeIds] of organisationRounds) {
    if (binomeIds.size < 2) continue;
    const [round, organisationId] = key.split('\u0000');
    violations.push({
      code: 'organisation_double_booked',
      message: `L’organisation ${organisationId} est attendue dans ${binomeIds.size} binômes au ${slot(Number(round))} (${[...binomeIds].join(', ')}).`,
      organisationId,
      round: Number(round),
    });
  }
  for (const group of groups((i) => `${i.round}\u0000${i.roomId}`)) {
    if (group.length < 2) continue;
    const { roomId, round } = group[0];
    violations.push({
      code: 'room_double_booked',
      message: `La salle ${roomId} accueille ${group.length} entretiens au ${slot(round)}.`,
      roomId,
      round,
    });
  }
  for (const interview of valid) {
    const binome = binomes.get(interview.binomeId);
    if (binome && !binome.availableRounds.includes(interview.round)) {
      violations.push({
        code: 'binome_unavailable',
        message: `Le binôme ${interview.binomeId} n’est pas disponible au ${slot(interview.round)} (entretien avec ${interview.candidateId}).`,
        binomeId: interview.binomeId,
        candidateId: interview.candidateId,
        round: interview.round,
      });
    }
    if (instance.candidateUnavailableRounds?.[interview.candidateId]?.includes(interview.round)) {
      violations.push({
        code: 'candidate_unavailable',
        message: `Le candidat ${interview.candidateId} n’est pas disponible au ${slot(interview.round)} (entretien avec ${interview.binomeId}).`,
        candidateId: interview.candidateId,
        binomeId: interview.binomeId,
        round: interview.round,
      });
    }
  }
  for (const group of groups((i) => `${i.candidateId}\u0000${i.binomeId}`)) {
    if (group.length < 2) continue;
    const { candidateId, binomeId } = group[0];
    violations.push({
      code: 'repeat_meeting',
      message: `Le candidat ${candidateId} rencontre ${group.length} fois le binôme ${binomeId}.`,
      candidateId,
      binomeId,
    });
  }
  const required = instance.meetingsPerCandidate ?? DEFAULT_MEETINGS_PER_CANDIDATE;
  const met = new Map<string, Set<string>>();
  for (const interview of valid) {
    const set = met.get(interview.candidateId) ?? new Set<string>();
    set.add(interview.binomeId);
    met.set(interview.candidateId, set);
  }
  for (const { id } of instance.candidates) {
    const count = met.get(id)?.size ?? 0;
    if (count < required) {
      violations.push({
        code: 'too_few_meetings',
        message: `Le candidat ${id} rencontre moins de ${required} binômes (${count}).`,
        candidateId: id,
      });
    }
  }
  return violations;
}
