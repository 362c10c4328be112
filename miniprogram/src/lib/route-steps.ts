/**
 * The walk's steps in the shopper's language, worded from what the server codes beside its English
 * (turn, heading, landmark, connector, level, place). Names (shelves, zones, products, a lift's
 * name) are the brand's data and stay as typed; a step this phone cannot word shows the server's
 * English `instruction`.
 */
import type { RouteStep } from '../../../venues/schemas.js';
import type { Heading, Turn } from '../../../venues/step-codes.js';
import type { ConnectorKind } from '../../../venues/venue-map.js';
import { language, type TextKey, t } from './i18n';

const HEADING_WORDS: Record<Heading, TextKey> = {
  east: 'headingEast',
  north_east: 'headingNorthEast',
  north: 'headingNorth',
  north_west: 'headingNorthWest',
  west: 'headingWest',
  south_west: 'headingSouthWest',
  south: 'headingSouth',
  south_east: 'headingSouthEast',
};

const TURN_WORDS: Record<Turn, TextKey> = {
  bear_left: 'turnBearLeft',
  left: 'turnLeft',
  bear_right: 'turnBearRight',
  right: 'turnRight',
  around: 'turnAround',
  step_off: 'turnStepOff',
};

const CONNECTOR_WORDS: Record<ConnectorKind, TextKey> = {
  escalator: 'connectorEscalator',
  lift: 'connectorLift',
  stairs: 'connectorStairs',
};

/**
 * Where a connector leads. English says the map's name for the level ("First floor"); Chinese says
 * the floor as Chinese shops do, by its number from the ground (level 0 一楼, -1 地下一层), since the
 * map's names are often English.
 */
function floorWords(level: number, name: string | undefined): string {
  if (name && language() === 'en') return name;
  const number = level >= 0 ? level + 1 : -level;
  const numerals = t('floorNumbers').split(',');
  const words = { number: numerals[number - 1] ?? number };
  return t(level >= 0 ? 'stepFloor' : 'stepBasement', words);
}

/** One step as the shopper reads it: "从入口出发，向北走", "在Aisle 7左转", "乘扶梯到二楼". */
export function stepWords(step: RouteStep): string {
  switch (step.kind) {
    case 'depart': {
      const from = step.place ?? step.landmark;
      const start = from ? t('stepStartAt', { place: from }) : t('stepStart');
      return step.heading ? t('stepHead', { start, heading: t(HEADING_WORDS[step.heading]) }) : start;
    }
    case 'turn': {
      if (!step.turn || !(step.turn in TURN_WORDS)) break;
      const turn = t(TURN_WORDS[step.turn]);
      return step.landmark ? t('stepTurnAt', { turn, landmark: step.landmark }) : turn;
    }
    case 'connector': {
      if (!step.connector || step.to_level === undefined || !(step.connector.kind in CONNECTOR_WORDS)) break;
      const { kind, name } = step.connector;
      // A name that only says the kind ("Escalator") reads better as the kind in the shopper's words.
      const named = name && name.toLowerCase() !== kind ? name : undefined;
      return t(kind === 'stairs' ? 'stepClimb' : 'stepRide', {
        connector: named ?? t(CONNECTOR_WORDS[kind]),
        level: floorWords(step.to_level, step.to_level_name),
      });
    }
    case 'arrive':
      return step.place ? t('stepArriveAt', { place: step.place }) : t('stepArrive');
  }
  return step.instruction;
}
