export { searchEvents, searchEventsSql, MAX_SEARCH_PAGE } from "./search-events";
export type { SearchEventsInput, SearchEventsResult } from "./search-events";
export { searchHistogram, bucketSecondsFor, MAX_SEARCH_BUCKETS } from "./search-histogram";
export type { SearchHistogramInput, SearchHistogramResult } from "./search-histogram";
export type { QueryErrorDetails } from "./compile-search";
export { KNOWN_FIELDS } from "./query";
