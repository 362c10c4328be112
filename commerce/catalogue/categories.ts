/** Categories of a brand's catalogue, one tree for online and offline. */

import { guardConstraints } from '../../db/index.js';
import type { Tx } from '../../db/pool.js';
import { NotFound } from '../../server/errors.js';
import { CategoryTaken } from '../errors.js';
import type { Category, CategoryCreate } from './schemas.js';

const COLUMNS = 'id, parent_id, name, sort';

export async function createCategory(tx: Tx, tenantId: string, input: CategoryCreate): Promise<Category> {
  const { rows } = await guardConstraints(
    tx,
    () =>
      tx.query<Category>(
        `INSERT INTO catalogue_categories (tenant_id, parent_id, name, sort) VALUES ($1, $2, $3, $4)
         RETURNING ${COLUMNS}`,
        [tenantId, input.parent_id ?? null, input.name, input.sort ?? 0],
      ),
    (error) =>
      error.code === '23505'
        ? CategoryTaken(input.name)
        : error.code === '23503'
          ? NotFound('Parent category')
          : undefined,
  );
  return rows[0]!;
}

export async function listCategories(tx: Tx): Promise<Category[]> {
  const { rows } = await tx.query<Category>(
    `SELECT ${COLUMNS} FROM catalogue_categories ORDER BY sort, name`,
  );
  return rows;
}
