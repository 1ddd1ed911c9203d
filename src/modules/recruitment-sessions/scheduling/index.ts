export * from './scheduling.types';
export { diagnoseInstance, generateSchedule } from './schedule-generator';
export { checkSchedule } from './schedule-check';
export { BinomeSuggestionError, complementarity, suggestBinomes } from './binome-suggestion';
export { DEFAULT_MEETINGS_PER_CANDIDATE } from './schedule-model';
