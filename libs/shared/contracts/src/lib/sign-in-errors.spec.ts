import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { isSignInErrorCode, SIGN_IN_ERROR_CODES, SIGN_IN_ERRORS } from './sign-in-errors';

const ROOT = join(__dirname, '../../../../..');
const OAUTH_DIR = 'libs/api/accounts/src/lib/oauth';

/** The sign-in flow's sources, not its tests. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

interface Use {
  code: string;
  at: string;
}

function propertyOf(node: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

/**
 * `{ kind: 'error', code: '…' }` outcomes and the state store's `{ message: '…' }` refusals (passed on
 * as codes): object literals with a literal `code` or `message` and neither `status` nor `type`, which
 * would make them an API error (those are in API_ERRORS, see api-errors.spec.ts).
 */
function scan(file: string): Use[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Use[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node) && !propertyOf(node, 'status') && !propertyOf(node, 'type')) {
      for (const name of ['code', 'message']) {
        const value = propertyOf(node, name);
        if (value && ts.isStringLiteral(value))
          found.push({
            code: value.text,
            at: `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`,
          });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const uses = sourceFiles(OAUTH_DIR).flatMap(scan);

describe('SIGN_IN_ERRORS, the sentences of /signin?error=', () => {
  it('finds the codes the sign-in flow sends (the scan itself works)', () => {
    const codes = new Set(uses.map((u) => u.code));
    for (const code of ['provider_error', 'sign_in_failed', 'state_mismatch', 'callback_expected'])
      expect(codes).toContain(code);
  });

  it('has an entry for every code the sign-in flow sends', () => {
    expect(uses.filter((u) => !isSignInErrorCode(u.code)).map((u) => `${u.code} at ${u.at}`)).toEqual([]);
  });

  it('lists no code the sign-in flow never sends', () => {
    const used = new Set(uses.map((u) => u.code));
    expect(SIGN_IN_ERROR_CODES.filter((code) => !used.has(code))).toEqual([]);
  });

  it('says what happened and what to do, in English and Chinese, on one line', () => {
    for (const code of SIGN_IN_ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      const { en, 'zh-cn': zh } = SIGN_IN_ERRORS[code];
      // Two sentences at least: what happened, then what to do.
      expect({ code, en: en.split(/\.\s/).length >= 2 }).toEqual({ code, en: true });
      expect({ code, zh: /[\u4e00-\u9fff]/.test(zh) && zh.split('。').filter(Boolean).length >= 2 }).toEqual({
        code,
        zh: true,
      });
      expect(`${en}${zh}`).not.toMatch(/\n/);
    }
  });

  it('refuses codes it does not know, prototype names included', () => {
    expect(isSignInErrorCode('state_invalid')).toBe(true);
    expect(isSignInErrorCode('toString')).toBe(false);
    expect(isSignInErrorCode('<script>')).toBe(false);
  });
});
