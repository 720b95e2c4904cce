/**
 * What each demo page must produce: the scenario table of the project brief, written down once for the
 * e2e tests. Scores follow from the ruleset's scoring section (tier weights 3/12/20/40, unnecessary ×1,
 * necessary ×0; T3/T4 caps) — every asked field on these pages is required.
 */
import type { ApiName, Grade, MapLibrary, Necessity } from '../../src/shared/model';

export interface DemoExpectation {
  serviceKind: string;
  pageKind: string;
  grade: Grade;
  score: number;
  /** Exactly these categories, each with this necessity. */
  categories: Record<string, Necessity>;
  /** Categories found through a browser API call instead of a form field. */
  apis: Record<string, ApiName>;
  /** Categories also found through a widget on the page (a map picker), with the map's library. */
  widgets: Record<string, MapLibrary>;
}

export const DEMO_SCENARIOS: Record<string, DemoExpectation> = {
  'shop-checkout': {
    serviceKind: 'shop',
    pageKind: 'checkout',
    grade: 'C',
    score: 100 - 12 - 12, // birthdate and gender, required and unnecessary
    categories: { phone: 'necessary', birthdate: 'unnecessary', gender: 'unnecessary', address: 'necessary' },
    apis: {},
    widgets: {},
  },
  'vending-pay': {
    serviceKind: 'vending',
    pageKind: 'checkout',
    grade: 'E',
    score: 100 - 40 - 12 - 12 - 12, // face by camera call; phone, gender, birthdate
    categories: { face: 'unnecessary', phone: 'unnecessary', gender: 'unnecessary', birthdate: 'unnecessary' },
    apis: { face: 'mediaDevices.getUserMedia' },
    widgets: {},
  },
  'food-delivery': {
    serviceKind: 'food',
    pageKind: 'checkout',
    grade: 'C', // 80 would be B, but an unnecessary T3 API call caps the grade at C
    score: 100 - 20,
    categories: { precise_location: 'unnecessary', phone: 'necessary', address: 'necessary' },
    apis: { precise_location: 'geolocation.getCurrentPosition' },
    // "Drag the pin to your door" on an ARIA map: precise location again, counted once (no change in score).
    widgets: { precise_location: 'map' },
  },
  'clean-checkout': {
    serviceKind: 'shop',
    pageKind: 'checkout',
    grade: 'A',
    score: 100,
    categories: { phone: 'necessary', address: 'necessary' },
    apis: {},
    widgets: {},
  },
};

/** Every demo page file: each scenario in English and in Simplified Chinese. */
export const DEMO_PAGES = Object.keys(DEMO_SCENARIOS).flatMap((name) => [
  { file: `${name}.html`, scenario: name, lang: 'en' as const },
  { file: `${name}.zh.html`, scenario: name, lang: 'zh-CN' as const },
]);
