/**
 * Turns a constraint violation into the domain's coded error. The savepoint keeps the caller's
 * transaction usable, so a unique clash on one row is a clean 409, not an aborted transaction.
 */
import type { Tx } from '../db/pool.js';
import type { SmartStoreError } from '../server/errors.js';

interface PgError {
  code?: string;
  constraint?: string;
}

export async function guardConstraints<T>(
  tx: Tx,
  work: () => Promise<T>,
  explain: (error: PgError) => SmartStoreError | undefined,
): Promise<T> {
  await tx.query('SAVEPOINT commerce_guard');
  try {
    const result = await work();
    await tx.query('RELEASE SAVEPOINT commerce_guard');
    return result;
  } catch (error) {
    const coded = explain(error as PgError);
    if (!coded) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT commerce_guard');
    throw coded;
  }
}
