import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { Database, NotASelectError, WriteInsideTransactionError } from './database.service';

@Entity({ name: 'notes' })
class NoteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  text!: string;
}

class RolledBack extends Error {}

/** The facade on a real SQLite file, as the embedded default runs it (one shared connection). */
describe('Database on SQLite', () => {
  let dir: string;
  let ds: DataSource;
  let db: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vc-db-'));
    const database = join(dir, 'test.sqlite');
    ds = new DataSource({ type: 'better-sqlite3', database, entities: [NoteEntity], synchronize: true });
    await ds.initialize();
    db = new Database(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = async (id: string) => (await db.repository(NoteEntity).findOneBy({ id }))?.text;

  it('says which database it is and takes no row locks there', () => {
    expect(db.isSqlite).toBe(true);
    expect(db.forUpdate).toEqual({});
  });

  it('keeps a write issued while another transaction is open and then rolls back', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const tx = db.transaction(async (em) => {
      await em.insert(NoteEntity, { id: 'doomed', text: 'rolled back' });
      opened();
      await gate;
      throw new RolledBack();
    });
    await isOpen;
    const write = db.write((em) => em.insert(NoteEntity, { id: 'kept', text: 'survives' }));
    await new Promise((r) => setTimeout(r, 20));
    release();
    await expect(tx).rejects.toBeInstanceOf(RolledBack);
    await write;
    expect(await text('kept')).toBe('survives');
    expect(await text('doomed')).toBeUndefined();
  });

  it('runs writes and transactions one at a time, in the order they were issued', async () => {
    const order: string[] = [];
    await Promise.all([
      db.transaction(async (em) => {
        await em.insert(NoteEntity, { id: 'o1', text: 'first' });
        await new Promise((r) => setTimeout(r, 10));
        order.push('tx');
      }),
      db.write(async (em) => {
        await em.update(NoteEntity, { id: 'o1' }, { text: 'second' });
        order.push('write');
      }),
    ]);
    expect(order).toEqual(['tx', 'write']);
    expect(await text('o1')).toBe('second');
  });

  it('refuses a write started inside a transaction instead of waiting for itself forever', async () => {
    const nested = db.transaction(() => db.write((em) => em.insert(NoteEntity, { id: 'nested', text: 'x' })));
    await expect(nested).rejects.toThrow(/inside a transaction/);
    await expect(nested).rejects.toBeInstanceOf(WriteInsideTransactionError);
    // The queue still moves afterwards.
    await db.write((em) => em.insert(NoteEntity, { id: 'after', text: 'ok' }));
    expect(await text('after')).toBe('ok');
  });

  it('still refuses a nested write in a transaction started after the queue went idle', async () => {
    await db.write((em) => em.insert(NoteEntity, { id: 'idle-1', text: 'x' }));
    await new Promise((r) => setTimeout(r, 5));
    const nested = db.transaction(async () => {
      await new Promise((r) => setTimeout(r, 1));
      return db.write((em) => em.insert(NoteEntity, { id: 'idle-2', text: 'x' }));
    });
    await expect(nested).rejects.toBeInstanceOf(WriteInsideTransactionError);
    // Outside any transaction again: writes run.
    await db.write((em) => em.insert(NoteEntity, { id: 'idle-3', text: 'ok' }));
    expect(await text('idle-3')).toBe('ok');
  });

  it('lets work started inside a transaction write once that transaction has ended', async () => {
    let later!: Promise<unknown>;
    await db.transaction(async () => {
      later = new Promise((r) => setTimeout(r, 10)).then(() =>
        db.write((em) => em.insert(NoteEntity, { id: 'later', text: 'after the transaction' })),
      );
    });
    await later;
    expect(await text('later')).toBe('after the transaction');
  });

  it('runs raw reads and refuses any other statement before it reaches the database', async () => {
    await db.write((em) => em.insert(NoteEntity, { id: 'raw', text: 'kept' }));
    expect(await db.select<{ text: string }>('SELECT text FROM notes WHERE id = ?', ['raw'])).toEqual([
      { text: 'kept' },
    ]);
    expect(await db.select('  with n AS (SELECT text FROM notes WHERE id = ?) select text from n', ['raw'])).toEqual([
      { text: 'kept' },
    ]);
    for (const sql of [
      "UPDATE notes SET text = 'changed' WHERE id = 'raw'",
      "DELETE FROM notes WHERE id = 'raw'",
      "INSERT INTO notes (id, text) VALUES ('raw2', 'x')",
      'WITH n AS (SELECT id FROM notes) DELETE FROM notes WHERE id IN (SELECT id FROM n)',
      "WITH n AS (SELECT id FROM notes) UPDATE notes SET text = 'changed'",
      "SELECT 1; DELETE FROM notes WHERE id = 'raw'",
      "/* SELECT */ DELETE FROM notes WHERE id = 'raw'",
      'DROP TABLE notes',
    ]) {
      await expect(db.select(sql)).rejects.toBeInstanceOf(NotASelectError);
    }
    expect(await text('raw')).toBe('kept');
    expect(await db.select('SELECT COUNT(*) AS n FROM notes WHERE id = ?', ['raw2'])).toEqual([{ n: 0 }]);
  });

  it('builds reads with a select-only builder', async () => {
    await db.write((em) =>
      em.insert(NoteEntity, [
        { id: 'b1', text: 'built' },
        { id: 'b2', text: 'built' },
      ]),
    );
    const qb = db.selectBuilder(NoteEntity, 'n').where('n.text = :text', { text: 'built' }).orderBy('n.id', 'DESC');
    expect((await qb.getMany()).map((n) => n.id)).toEqual(['b2', 'b1']);
    expect(await qb.getCount()).toBe(2);
    const raw = await db
      .selectBuilder(NoteEntity, 'n')
      .select('n.id', 'id')
      .where('n.id = :id', { id: 'b1' })
      .getRawMany();
    expect(raw).toEqual([{ id: 'b1' }]);
    // The write half of TypeORM's builders is not reachable from a read (checked by `npm run typecheck`).
    // @ts-expect-error no update() on a select builder
    expect(typeof qb.update).toBe('function');
    // @ts-expect-error no delete() on a select builder
    void qb.delete;
    // @ts-expect-error no insert() on a select builder
    void qb.where('1 = 1').insert;
    // @ts-expect-error no createQueryBuilder() on a read repository
    void db.repository(NoteEntity).createQueryBuilder;
    // @ts-expect-error no raw query() on the facade: reads use select()
    void db.query;
  });

  it('is idle only once every write in flight has ended, those started while it waited included', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const tx = db.transaction(async (em) => {
      await gate;
      await em.insert(NoteEntity, { id: 'first-in-flight', text: 'committed before idle' });
    });
    // Started as the first ends, while idle() is waiting: idle() waits for it too.
    const second = tx.then(() => {
      order.push('first');
      return db.write((em) => em.insert(NoteEntity, { id: 'second-in-flight', text: 'also' }));
    });
    const idle = db.idle().then(() => order.push('idle'));
    void second.then(() => order.push('second'));
    release();
    await Promise.all([second, idle]);
    expect(order).toEqual(['first', 'second', 'idle']);
    await expect(db.idle()).resolves.toBeUndefined();
  });

  it('recognises a unique violation', async () => {
    await db.write((em) => em.insert(NoteEntity, { id: 'dup', text: 'one' }));
    const err = await db.write((em) => em.insert(NoteEntity, { id: 'dup', text: 'two' })).catch((e: unknown) => e);
    expect(db.isUniqueViolation(err)).toBe(true);
    expect(db.isUniqueViolation(new Error('other'))).toBe(false);
  });
});
