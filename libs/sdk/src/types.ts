import type { components, operations } from './schema';

type Schemas = components['schemas'];

/** Short names for the API's shapes, as clients use them. */
export type Me = Schemas['MeDto'];
export type AuthConfig = Schemas['AuthConfigDto'];
export type Media = Schemas['MediaDto'];
export type MediaPage = Schemas['MediaPageDto'];
export type MediaSummary = MediaPage['items'][number];
export type MediaStatus = Media['status'];
export type MediaUpdate = Schemas['UpdateMediaBody'];
export type ProcessingJob = Schemas['MediaJobsDto']['jobs'][number];
export type SearchPage = Schemas['SearchPageDto'];
export type SearchHit = SearchPage['items'][number];
export type SearchMoment = SearchHit['moments'][number];
export type SimilarMedia = Schemas['SimilarMediaDto'];
export type SearchHistoryPage = Schemas['SearchHistoryPageDto'];
export type SearchHistoryEntry = SearchHistoryPage['items'][number];
export type Usage = Schemas['UsageDto'];
export type AuditPage = Schemas['AuditPageDto'];
export type AuditEntry = AuditPage['items'][number];
export type PaidTier = Schemas['CheckoutBody']['tier'];

export type MediaListQuery = NonNullable<operations['MediaController_list']['parameters']['query']>;
export type SearchQuery = operations['SearchController_search']['parameters']['query'];
export type AuditLogQuery = NonNullable<operations['AdminAuditController_search']['parameters']['query']>;
