import type { Brackets, ObjectLiteral } from 'typeorm';

type Where = string | Brackets | ObjectLiteral | ObjectLiteral[];
type Order = 'ASC' | 'DESC';
type Nulls = 'NULLS FIRST' | 'NULLS LAST';

/**
 * The select half of TypeORM's `SelectQueryBuilder`, as `Database.selectBuilder` returns it. Written
 * out rather than `Pick`ed: the builder's chained methods return `this`, which a `Pick` resolves to
 * the whole builder, and from there `update()`, `delete()` and `insert()` are one call away. Here
 * every chained method returns this narrow type again, so a built read stays a read.
 */
export interface SelectBuilder<E extends ObjectLiteral> {
  select(selection: string, alias?: string): SelectBuilder<E>;
  select(selection: string[]): SelectBuilder<E>;
  addSelect(selection: string, alias?: string): SelectBuilder<E>;
  addSelect(selection: string[]): SelectBuilder<E>;
  distinct(distinct?: boolean): SelectBuilder<E>;

  innerJoin(property: string, alias: string, condition?: string, parameters?: ObjectLiteral): SelectBuilder<E>;
  leftJoin(property: string, alias: string, condition?: string, parameters?: ObjectLiteral): SelectBuilder<E>;
  innerJoinAndSelect(property: string, alias: string, condition?: string, parameters?: ObjectLiteral): SelectBuilder<E>;
  leftJoinAndSelect(property: string, alias: string, condition?: string, parameters?: ObjectLiteral): SelectBuilder<E>;

  where(where: Where, parameters?: ObjectLiteral): SelectBuilder<E>;
  andWhere(where: Where, parameters?: ObjectLiteral): SelectBuilder<E>;
  orWhere(where: Where, parameters?: ObjectLiteral): SelectBuilder<E>;
  groupBy(groupBy: string): SelectBuilder<E>;
  addGroupBy(groupBy: string): SelectBuilder<E>;
  having(having: string, parameters?: ObjectLiteral): SelectBuilder<E>;
  andHaving(having: string, parameters?: ObjectLiteral): SelectBuilder<E>;
  orHaving(having: string, parameters?: ObjectLiteral): SelectBuilder<E>;
  orderBy(sort: string, order?: Order, nulls?: Nulls): SelectBuilder<E>;
  addOrderBy(sort: string, order?: Order, nulls?: Nulls): SelectBuilder<E>;
  limit(limit?: number): SelectBuilder<E>;
  offset(offset?: number): SelectBuilder<E>;
  take(take?: number): SelectBuilder<E>;
  skip(skip?: number): SelectBuilder<E>;
  setParameter(key: string, value: unknown): SelectBuilder<E>;
  setParameters(parameters: ObjectLiteral): SelectBuilder<E>;

  getMany(): Promise<E[]>;
  getOne(): Promise<E | null>;
  getManyAndCount(): Promise<[E[], number]>;
  getCount(): Promise<number>;
  getExists(): Promise<boolean>;
  getRawMany<T = ObjectLiteral>(): Promise<T[]>;
  getRawOne<T = ObjectLiteral>(): Promise<T | undefined>;
  getQuery(): string;
  getParameters(): ObjectLiteral;
}
