import { OCCUPATION_SEARCH_INDEX } from '../../modules/occupations/occupation-search-index';
import { PROFILE_SEARCH_INDEX } from '../../modules/profile-search/profile-search-index';
import { SearchIndexDefinition } from './search-index';

/** The indexes Passerelle owns. Each later capability (occupations, profiles) adds its definition here. */
export const APP_SEARCH_INDEXES: SearchIndexDefinition[] = [OCCUPATION_SEARCH_INDEX, PROFILE_SEARCH_INDEX];
