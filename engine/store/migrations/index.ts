import type { Migration } from '../migration.js';
import { migration001 } from './001-initial.js';

/** Every migration, in the order it is applied. Append only. */
export const migrations: readonly Migration[] = [migration001];
