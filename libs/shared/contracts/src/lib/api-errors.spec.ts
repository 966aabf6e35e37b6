import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import {
  API_ERROR_CODES,
  API_ERRORS,
  apiErrorStatuses,
  type ApiErrorCode,
  type ApiErrorDefinition,
  graphqlErrorCode,
} from './api-errors';

const ROOT = join(__dirname, '../../../../..');
const SOURCE_DIRS = ['libs/api', 'apps/api/src'];

/** The API's own sources: not its tests, which build errors freely. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** One place in the sources that gives an error its code; status and type where they are literal. */
interface Construction {
  code: string;
  status: number | null;
  type: string | null;
  /** Sent with a `retry-after` header. */
  retryAfter: boolean;
  at: string;
}

/** The platform's two subclasses that take the code as an argument, and where and with what. */
const CODE_ARGUMENT: Record<string, { index: number; status: number; type: string }> = {
  InvalidRequestError: { index: 2, status: 400, type: 'invalid_request_error' },
  NotFoundError: { index: 1, status: 404, type: 'invalid_request_error' },
};

function propertyOf(node: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

const literalString = (e: ts.Expression | undefined): string | null => (e && ts.isStringLiteral(e) ? e.text : null);
const literalNumber = (e: ts.Expression | undefined): number | null =>
  e && ts.isNumericLiteral(e) ? Number(e.text) : null;

/** The status next to a code, or on an enclosing literal (`{ status, body: { error: { code } } }`). */
function statusNear(node: ts.ObjectLiteralExpression): number | null {
  for (let n: ts.Node = node; n && !ts.isFunctionLike(n); n = n.parent) {
    if (ts.isObjectLiteralExpression(n)) {
      const status = propertyOf(n, 'status');
      if (status) return literalNumber(status);
    }
  }
  return null;
}

function scan(file: string): Construction[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Construction[] = [];
  const at = (n: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const enclosingBase = (n: ts.Node): string | null => {
    for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
      if (ts.isClassDeclaration(p)) {
        const ext = p.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
        return ext && ts.isIdentifier(ext) ? ext.text : null;
      }
    }
    return null;
  };

  const visit = (node: ts.Node): void => {
    // `{ status, type, code: '…' }`: an AppError's init or an error body. Other objects with a `code`
    // (sign-in outcomes, provider payloads) have neither a status nor a type and are not API errors.
    if (ts.isObjectLiteralExpression(node)) {
      const code = literalString(propertyOf(node, 'code'));
      const type = propertyOf(node, 'type');
      const hasStatus = propertyOf(node, 'status') !== undefined;
      if (code && (type || hasStatus)) {
        const headers = propertyOf(node, 'headers');
        const retryAfter = !!headers && /['"]retry-after['"]/i.test(headers.getText(source));
        found.push({ code, status: statusNear(node), type: literalString(type), retryAfter, at: at(node) });
      }
    }
    // `new InvalidRequestError(message, param, '…')`, and `super(…)` in a class extending one of the two.
    const callee =
      ts.isNewExpression(node) && ts.isIdentifier(node.expression)
        ? node.expression.text
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword
          ? enclosingBase(node)
          : null;
    const shape = callee ? CODE_ARGUMENT[callee] : undefined;
    if (shape) {
      const args = (node as ts.NewExpression | ts.CallExpression).arguments ?? [];
      const arg = args[shape.index];
      const codes = !arg
        ? []
        : ts.isConditionalExpression(arg)
          ? [literalString(arg.whenTrue), literalString(arg.whenFalse)]
          : [literalString(arg)];
      for (const code of codes)
        if (code) found.push({ code, status: shape.status, type: shape.type, retryAfter: false, at: at(node) });
    }
    // A code parameter's default (NotFoundError's `not_found`).
    if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.name.text === 'code' && node.initializer) {
      const cls = node.parent.parent;
      const name = ts.isClassDeclaration(cls) ? cls.name?.text : undefined;
      const code = literalString(node.initializer);
      const shape = name ? CODE_ARGUMENT[name] : undefined;
      if (code && shape) found.push({ code, status: shape.status, type: shape.type, retryAfter: false, at: at(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const constructions = SOURCE_DIRS.flatMap(sourceFiles).flatMap(scan);

describe('API_ERRORS, the catalog the errors page is built from', () => {
  it('finds the API’s error constructions (the scan itself works)', () => {
    expect(constructions.length).toBeGreaterThan(40);
    expect(constructions).toContainEqual(expect.objectContaining({ code: 'model_not_found', status: 404 }));
    expect(constructions).toContainEqual(expect.objectContaining({ code: 'request_too_large', status: 413 }));
    expect(constructions).toContainEqual(expect.objectContaining({ code: 'context_length_exceeded', status: 400 }));
    expect(constructions).toContainEqual(expect.objectContaining({ code: 'pack_not_found', status: 404 }));
  });

  it('lists every code the API uses', () => {
    const unlisted = constructions.filter((c) => !(c.code in API_ERRORS)).map((c) => `${c.code} at ${c.at}`);
    expect(unlisted).toEqual([]);
  });

  it('lists no code the API never uses', () => {
    const used = new Set(constructions.map((c) => c.code));
    expect(API_ERROR_CODES.filter((code) => !used.has(code))).toEqual([]);
  });

  it('gives each code the status and type the API answers with', () => {
    const wrong = constructions
      .filter((c) => c.code in API_ERRORS)
      .flatMap((c) => {
        const code = c.code as ApiErrorCode;
        const problems: string[] = [];
        if (c.status !== null && !apiErrorStatuses(code).includes(c.status))
          problems.push(`${code} at ${c.at}: status ${c.status}, catalog ${apiErrorStatuses(code).join('/')}`);
        if (c.type !== null && c.type !== API_ERRORS[code].type)
          problems.push(`${code} at ${c.at}: type ${c.type}, catalog ${API_ERRORS[code].type}`);
        return problems;
      });
    expect(wrong).toEqual([]);
  });

  it('has a meaning and an action in English and Chinese for every code, one line each', () => {
    for (const code of API_ERROR_CODES) {
      for (const locale of ['en', 'zh-cn'] as const) {
        const { meaning, action } = API_ERRORS[code][locale];
        expect({ code, locale, meaning: meaning.length > 0, action: action.length > 0 }).toEqual({
          code,
          locale,
          meaning: true,
          action: true,
        });
        expect(`${meaning}${action}`).not.toMatch(/\n/);
      }
    }
  });

  it('names snake_case codes only', () => {
    for (const code of API_ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('maps statuses to the GraphQL codes the portal reads', () => {
    expect(graphqlErrorCode(401)).toBe('UNAUTHENTICATED');
    expect(graphqlErrorCode(409)).toBe('CONFLICT');
    expect(graphqlErrorCode(503)).toBe('INTERNAL_SERVER_ERROR');
  });

  it('marks exactly the codes sent with Retry-After', () => {
    const sent = new Set(constructions.filter((c) => c.retryAfter).map((c) => c.code));
    const marked = API_ERROR_CODES.filter((code) => (API_ERRORS[code] as ApiErrorDefinition).retryAfter);
    expect([...sent].sort()).toEqual([...marked].sort());
  });
});
