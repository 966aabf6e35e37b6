/**
 * Every GraphQL operation the site sends — each graphql(`…`) template in apps/site/src — parses and
 * is valid against the committed schema (apps/api/schema.graphql) under all of GraphQL's specified
 * rules, and no two share a name (codegen keys its types by name, and the API's logs name operations).
 * Codegen checks the same at build time; this keeps the check in the test run, with the operation's
 * file in the message. As with codegen, a fragment defined in one template may be spread in another:
 * an operation is validated together with the fragments it uses, and a template holding only
 * fragments is not faulted for leaving them unused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  buildSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  visit,
} from 'graphql';

const REPO_ROOT = join(__dirname, '../../..');
const SOURCE_DIR = join(REPO_ROOT, 'apps/site/src');
const GENERATED_DIR = join(SOURCE_DIR, 'portal/graphql/generated');
const schema = buildSchema(readFileSync(join(REPO_ROOT, 'apps/api/schema.graphql'), 'utf8'));

interface Operation {
  file: string;
  /** 1-based line of the template in its file. */
  line: number;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === GENERATED_DIR ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.d\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Each graphql(`…`) template; one with a `${…}` in it is kept as it is, so it fails to parse. */
function operations(): Operation[] {
  return sourceFiles(SOURCE_DIR).flatMap((path) => {
    const source = readFileSync(path, 'utf8');
    return Array.from(source.matchAll(/\bgraphql\(\s*`([^`]*)`\s*\)/g), (match) => ({
      file: relative(REPO_ROOT, path),
      line: source.slice(0, match.index).split('\n').length,
      text: match[1],
    }));
  });
}

const found = operations();
const where = (op: Operation): string => `${op.file}:${op.line}`;

function parsed(op: Operation): DocumentNode | undefined {
  try {
    return parse(op.text);
  } catch {
    return undefined;
  }
}

/** Every fragment defined in any template, by name (a name used twice is the last test's finding). */
const fragments = new Map<string, FragmentDefinitionNode>(
  found.flatMap((op) =>
    (parsed(op)?.definitions ?? []).flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  ),
);

/** The fragments a document spreads and that it does not define itself, transitively. */
function borrowedFragments(document: DocumentNode): FragmentDefinitionNode[] {
  const own = new Set(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
  const borrowed = new Map<string, FragmentDefinitionNode>();
  const pending: DocumentNode[] = [document];
  for (let next = pending.pop(); next; next = pending.pop()) {
    visit(next, {
      FragmentSpread(node) {
        const name = node.name.value;
        const definition = fragments.get(name);
        if (own.has(name) || borrowed.has(name) || !definition) return;
        borrowed.set(name, definition);
        pending.push({ kind: Kind.DOCUMENT, definitions: [definition] });
      },
    });
  }
  return [...borrowed.values()];
}

describe('the site’s GraphQL operations', () => {
  it('are found in the sources', () => {
    // The portal's frame and overview are on main from the start; every portal page adds more.
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.map((op) => op.file)).toEqual(
      expect.arrayContaining(['apps/site/src/portal/components/portal-app.component.tsx']),
    );
  });

  it.each(found.map((op) => [where(op), op] as const))('%s parses and validates against the schema', (_at, op) => {
    let problems: readonly GraphQLError[];
    try {
      const document = parse(op.text);
      const onlyFragments = document.definitions.every((d) => d.kind === Kind.FRAGMENT_DEFINITION);
      const rules = onlyFragments ? specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule) : specifiedRules;
      const whole: DocumentNode = {
        ...document,
        definitions: [...document.definitions, ...borrowedFragments(document)],
      };
      problems = validate(schema, whole, rules);
    } catch (err) {
      problems = [err as GraphQLError];
    }
    expect(problems.map((p) => p.message)).toEqual([]);
  });

  it('each operation has a name, and no name is used twice', () => {
    const seen = new Map<string, string[]>();
    const unnamed: string[] = [];
    for (const op of found) {
      let definitions;
      try {
        definitions = parse(op.text).definitions;
      } catch {
        continue; // reported by the test above
      }
      for (const definition of definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
        const name = definition.name?.value;
        if (!name) {
          unnamed.push(where(op));
          continue;
        }
        seen.set(name, [...(seen.get(name) ?? []), where(op)]);
      }
    }
    const repeated = Object.fromEntries([...seen].filter(([, places]) => places.length > 1));
    expect({ unnamed, repeated }).toEqual({ unnamed: [], repeated: {} });
  });
});
