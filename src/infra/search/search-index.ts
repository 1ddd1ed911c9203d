import type { Settings } from 'meilisearch';

/** An index Passerelle owns: its settings are applied before any document is written to it. */
export interface SearchIndexDefinition {
  /** Logical name; the real uid is prefixed with MEILI_INDEX_PREFIX. */
  name: string;
  primaryKey: string;
  settings: Settings;
}

export const SEARCH_INDEX_DEFINITIONS = Symbol('SEARCH_INDEX_DEFINITIONS');

/** Whether the indexes' settings are applied when the application boots (the api and worker) or on first use (the CLI). */
export const SEARCH_APPLY_SETTINGS_ON_BOOT = Symbol('SEARCH_APPLY_SETTINGS_ON_BOOT');
