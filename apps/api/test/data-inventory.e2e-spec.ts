/**
 * No personal data without a retention rule. Every table of the schema is in the data inventory
 * (support/data-inventory.ts): as holding no personal data, or with the retention tasks and the
 * erasure sources that delete its rows — which must exist in the api and worker roles. Every
 * retention rule and every table is on the docs page that lists every kind of data, in both languages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { PersonalDataRegistry, RetentionScheduler } from '@vipcloud/privacy';
import { AppStack, MODES, startAppContext } from './kit';
import { DATA_INVENTORY, Personal } from './support/data-inventory';

const DOCS = join(__dirname, '..', '..', '..', 'content', 'docs');
const page = (locale: 'en' | 'zh-cn'): string => readFileSync(join(DOCS, `personal-data.${locale}.mdx`), 'utf8');
const personal = DATA_INVENTORY.filter((e): e is Personal => e.personal);

describe.each(MODES)('data inventory (%s)', (mode) => {
  let stack: AppStack;

  beforeAll(async () => {
    stack = await startAppContext(mode);
  });
  afterAll(() => stack?.close());

  const apps = (): INestApplicationContext[] => [stack.app, ...(stack.worker ? [stack.worker] : [])];

  it('lists every table of the schema, and only those, once', () => {
    const tables = stack.dataSource.entityMetadatas.map((m) => m.tableName).sort();
    const listed = DATA_INVENTORY.map((e) => e.table).sort();
    expect(listed).toEqual([...new Set(listed)]);
    // A table missing here: say whether it holds personal data and, if so, which rule deletes it.
    expect(listed).toEqual(tables);
  });

  it('gives every table with personal data a rule that runs in the api and worker roles', () => {
    for (const app of apps()) {
      const tasks = new Set(
        app
          .get(RetentionScheduler)
          .tasks()
          .map((t) => t.kind),
      );
      const sources = new Set(
        app
          .get(PersonalDataRegistry)
          .sources()
          .map((s) => s.kind),
      );
      for (const entry of personal) {
        expect({ table: entry.table, hasRule: entry.tasks.length + entry.sources.length > 0 }).toMatchObject({
          hasRule: true,
        });
        for (const task of entry.tasks)
          expect({ table: entry.table, task, found: tasks.has(task) }).toMatchObject({ found: true });
        for (const source of entry.sources)
          expect({ table: entry.table, source, found: sources.has(source) }).toMatchObject({ found: true });
      }
      // Every rule that runs is one the inventory (and so the docs page) accounts for.
      const inventoried = new Set(personal.flatMap((e) => e.tasks));
      for (const task of tasks)
        expect({ task, inventoried: inventoried.has(task) }).toMatchObject({ inventoried: true });
    }
  });

  it('puts every table, retention rule and source on the docs page, in both languages', () => {
    const en = page('en');
    const zh = page('zh-cn');
    for (const text of [en, zh]) {
      for (const entry of DATA_INVENTORY)
        expect({ table: entry.table, onPage: text.includes(`\`${entry.table}\``) }).toMatchObject({ onPage: true });
      for (const kind of personal.flatMap((e) => [...e.tasks, ...e.sources]))
        expect({ kind, onPage: text.includes(`\`${kind}\``) }).toMatchObject({ onPage: true });
    }
    // The English page states each rule in the words the audit log records.
    for (const task of stack.app.get(RetentionScheduler).tasks())
      expect({ kind: task.kind, rule: task.rule, onPage: en.includes(task.rule) }).toMatchObject({ onPage: true });
  });
});
