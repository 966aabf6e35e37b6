import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RequestLogEntity } from './request-log.entity';

@Injectable()
export class RequestLogRepository {
  constructor(@InjectRepository(RequestLogEntity) private readonly repo: Repository<RequestLogEntity>) {}

  /**
   * One multi-row INSERT. Built by hand because TypeORM's query builder cost more per row than
   * the database did; values still go through the driver's own conversion (dates, booleans,
   * transformers), so stored values are exactly what `repo.insert` would store.
   */
  async insertMany(rows: RequestLogEntity[]): Promise<void> {
    if (rows.length === 0) return;
    const meta = this.repo.metadata;
    const driver = this.repo.manager.connection.driver;
    const columns = meta.columns;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const sql = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
    const params = rows.flatMap((row) => columns.map((c) => driver.preparePersistentValue(c.getEntityValue(row), c)));
    await this.repo.query(sql, params);
  }

  findById(id: string): Promise<RequestLogEntity | null> {
    return this.repo.findOneBy({ id });
  }

  listForAccount(accountId: string): Promise<RequestLogEntity[]> {
    return this.repo.find({ where: { accountId }, order: { createdAt: 'ASC' } });
  }
}
