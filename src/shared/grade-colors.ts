import type { Grade } from './model';

/**
 * One colour per grade, green to red, shared by the toolbar badge and the popup. Each keeps white
 * text above 4.5:1 contrast. "Not rated" is neutral grey: an unknown page is not a bad page.
 */
export const GRADE_COLORS: Record<Grade, string> = {
  A: '#1a7f37',
  B: '#4d7c0f',
  C: '#9a6700',
  D: '#c2410c',
  E: '#cf222e',
  'not-rated': '#57606a',
};
