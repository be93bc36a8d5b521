import type { Database, Statement } from 'better-sqlite3';
import type { ProviderCompletion } from '../providers/provider.js';

/** Successful completions by the sha256 of (target fingerprint, request body, attempt). */
export class ResponseCacheRepository {
  private readonly getStmt: Statement;
  private readonly putStmt: Statement;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT response_json FROM response_cache WHERE key = ?');
    this.putStmt = db.prepare('INSERT INTO response_cache (key, response_json, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
  }

  /** The cached completion for a key, if any. */
  get(key: Buffer): ProviderCompletion | undefined {
    const r = this.getStmt.get(key) as { response_json: string } | undefined;
    return r && (JSON.parse(r.response_json) as ProviderCompletion);
  }

  /** Remembers a completion (the first one for a key wins). */
  put(key: Buffer, completion: ProviderCompletion): void {
    this.putStmt.run(key, JSON.stringify(completion), new Date().toISOString());
  }
}
