/**
 * Routes served in an environment's home region only (ADR 0008): in any other region API Gateway answers them with
 * `421 WRONG_REGION` from a mock integration, without invoking a function. The message says why for each kind of
 * route, and `homeRegion` says where to send the request instead.
 */
export type HomedRoutes =
  /** The trader routes: opinions are written (conditionally) and read strongly consistently in the home region. */
  | 'opinions'
  /** Quote verification: it must see the newest opinion, which only the home region's replica is sure to hold. */
  | 'quotes';

/** Status and code of a homed route called in another region (RFC 9110 421 Misdirected Request). */
export const WRONG_REGION = { status: 421, code: 'WRONG_REGION' } as const;

/** The `421 WRONG_REGION` body of a homed route, as API Gateway answers it outside the home region. */
export interface WrongRegionBody {
  readonly error: { readonly code: 'WRONG_REGION'; readonly message: string; readonly homeRegion: string };
}

const WHY: Record<HomedRoutes, (home: string) => string> = {
  opinions: (home) =>
    `opinions are written and read in ${home} only (this region's replica may lag): send trader requests to the ${home} api`,
  quotes: (home) =>
    `quotes are verified in ${home} only, against the newest opinion (this region's replica may lag): send quote verification to the ${home} api`,
};

/**
 * @example
 * wrongRegionBody('quotes', 'eu-west-1').error.message; // 'quotes are verified in eu-west-1 only, …'
 */
export function wrongRegionBody(routes: HomedRoutes, homeRegion: string): WrongRegionBody {
  return { error: { code: WRONG_REGION.code, message: WHY[routes](homeRegion), homeRegion } };
}
