import { Injectable } from '@nestjs/common';
import { Database } from './database.service';

/** The readiness probe's one question to the database. */
@Injectable()
export class DatabaseHealthRepository {
  constructor(private readonly db: Database) {}

  /** Whether the database answers a trivial read. */
  answers(): Promise<boolean> {
    return this.db.select('SELECT 1').then(
      () => true,
      () => false,
    );
  }
}
