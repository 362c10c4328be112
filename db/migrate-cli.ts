/** `npm run migrate -- [up|down] [count]` against DATABASE_URL. */
import { loadConfig } from '../server/config.js';
import { migrate } from './migrate.js';

const [direction = 'up', count] = process.argv.slice(2);
if (direction !== 'up' && direction !== 'down') {
  console.error('usage: npm run migrate -- [up|down] [count]');
  process.exit(2);
}
const config = loadConfig(process.env);
const applied = await migrate(config.DATABASE_URL, {
  direction,
  count: count ? Number(count) : direction === 'down' ? 1 : Number.POSITIVE_INFINITY,
  log: (line) => console.log(line),
});
console.log(applied.length ? `${direction}: ${applied.join(', ')}` : 'nothing to do');
