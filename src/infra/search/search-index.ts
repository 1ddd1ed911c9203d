import type { Settings } from 'meilisearch';

/** An index Passerelle owns: its settings are applied before any document is written to it. */
export interface SearchIndexDefinition {
  /** Logical name; the real uid is prefixed with MEILI_INDEX_PREFIX. */
  name: string;
  primaryKey: string;
  settings: Settings;
}

export const SEARCH_INDEX_DEFINITIONS = Symbol('SEARCH_INDEX_DEFINITIONS');
