/** The configured `AnalysisProviders` (models loaded once per process). */
export const ANALYSIS_PROVIDERS = Symbol('ANALYSIS_PROVIDERS');
/** The price table cost events are computed with. */
export const PRICE_TABLE = Symbol('PRICE_TABLE');
