/**
 * Turns a constraint violation (unique key, check) into the domain's coded error. The savepoint keeps the caller's
 * transaction usable, so a unique clash on one row is a clean 409, not an aborted transaction.
 */

import type { SmartStoreError } from '../server/errors.js';
import type { Tx } from './pool.js';

interface PgError {
  code?: string;
  constraint?: string;
}

export async function guardConstraints<T>(
  tx: Tx,
  work: () => Promise<T>,
  explain: (error: PgError) => SmartStoreError | undefined,
): Promise<T> {
  await tx.query('SAVEPOINT constraint_guard');
  try {
    const result = await work();
    await tx.query('RELEASE SAVEPOINT constraint_guard');
    return result;
  } catch (error) {
    const coded = explain(error as PgError);
    if (!coded) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT constraint_guard');
    throw coded;
  }
}
