/** A forward-only schema change. Its SQL is hashed; an applied migration must never be edited. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
