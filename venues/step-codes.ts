/**
 * What a route's steps carry beside their English words, as codes a client words in its own
 * language (the mini-program in Chinese). Plain values: schemas.ts and routing.ts both read them.
 */

/** A turn step's turn; step_off: off a connector, walking on. */
export const TURNS = ['bear_left', 'left', 'bear_right', 'right', 'around', 'step_off'] as const;
export type Turn = (typeof TURNS)[number];

/** The eight compass headings, counter-clockwise from east; the English says them with a hyphen ("north-east"). */
export const HEADINGS = [
  'east',
  'north_east',
  'north',
  'north_west',
  'west',
  'south_west',
  'south',
  'south_east',
] as const;
export type Heading = (typeof HEADINGS)[number];
