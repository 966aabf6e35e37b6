import {
  BadRequestException,
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AppError, InvalidRequestError, NotFoundError } from './app-error';
import { toErrorResponse, toGraphqlError } from './app-exception.filter';

describe('toErrorResponse', () => {
  it('returns an AppError as is, with its status, fields and headers', () => {
    const err = new AppError({
      status: 503,
      type: 'api_error',
      code: 'upstream_unavailable',
      message: 'Try later.',
      headers: { 'retry-after': '5' },
    });
    expect(toErrorResponse(err)).toEqual({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { message: 'Try later.', type: 'api_error', param: null, code: 'upstream_unavailable' } },
    });
  });

  it('keeps the param of an InvalidRequestError', () => {
    expect(toErrorResponse(new InvalidRequestError("Invalid 'model'.", 'model', 'invalid_value'))).toEqual({
      status: 400,
      headers: {},
      body: {
        error: { message: "Invalid 'model'.", type: 'invalid_request_error', param: 'model', code: 'invalid_value' },
      },
    });
  });

  it('maps a NotFoundError to 404', () => {
    const res = toErrorResponse(new NotFoundError('No such thing.'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it("maps body-parser's entity.too.large to 413 request_too_large", () => {
    const err = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
      expected: 2e7,
      limit: 1e7,
    });
    expect(toErrorResponse(err)).toEqual({
      status: 413,
      headers: {},
      body: {
        error: {
          message: 'The request body is too large.',
          type: 'invalid_request_error',
          param: null,
          code: 'request_too_large',
        },
      },
    });
  });

  it("maps body-parser's entity.parse.failed to 400 invalid_json without quoting the body", () => {
    const err = Object.assign(new SyntaxError('Unexpected token s in JSON at position 0: secret-prompt'), {
      type: 'entity.parse.failed',
      status: 400,
      body: 'secret-prompt',
    });
    const res = toErrorResponse(err);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      message: 'We could not parse the JSON body of your request. Expected a JSON object.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_json',
    });
    expect(JSON.stringify(res)).not.toContain('secret-prompt');
  });

  it.each([
    ['entity.verify.failed', 403],
    ['charset.unsupported', 415],
    ['encoding.unsupported', 415],
    ['request.aborted', 400],
    ['parameters.too.many', 413],
  ])('maps the unreadable-body error %s to its own status %i', (type, status) => {
    const res = toErrorResponse({ type, status });
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_body',
      message: 'The request body could not be read.',
    });
  });

  it("maps Nest's NotFoundException to 404 not_found with a fixed message", () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /v1/nope'))).toEqual({
      status: 404,
      headers: {},
      body: {
        error: { message: 'Unknown request URL.', type: 'invalid_request_error', param: null, code: 'not_found' },
      },
    });
  });

  it('maps other Nest HTTP exceptions by status', () => {
    const badRequest = toErrorResponse(new BadRequestException('Bad thing'));
    expect(badRequest.status).toBe(400);
    expect(badRequest.body.error).toEqual({
      message: 'Bad thing',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });

    expect(toErrorResponse(new MethodNotAllowedException()).body.error.type).toBe('invalid_request_error');
    expect(toErrorResponse(new HttpException('Slow down', 429)).body.error.type).toBe('rate_limit_error');
    expect(toErrorResponse(new HttpException('Nope', 401)).body.error.type).toBe('authentication_error');
    expect(toErrorResponse(new HttpException('Nope', 403)).body.error.type).toBe('permission_error');

    const unavailable = toErrorResponse(new ServiceUnavailableException());
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.type).toBe('api_error');
  });

  it('maps an unknown Error to 500 internal_error without echoing its message', () => {
    const res = toErrorResponse(new TypeError("Cannot read properties of undefined (reading 'user-secret-123')"));
    expect(res).toEqual({
      status: 500,
      headers: {},
      body: {
        error: {
          message: 'The server had an error while processing your request.',
          type: 'api_error',
          param: null,
          code: 'internal_error',
        },
      },
    });
    expect(JSON.stringify(res)).not.toContain('user-secret-123');
  });

  it.each([['a string'], [null], [undefined], [42], [{ status: 400, type: 'not.body.parser' }]])(
    'maps a thrown non-error %j to 500 internal_error',
    (thrown) => {
      const res = toErrorResponse(thrown);
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('internal_error');
    },
  );
});

describe('toGraphqlError', () => {
  it.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [429, 'RATE_LIMITED'],
    [502, 'INTERNAL_SERVER_ERROR'],
  ])('maps an AppError with status %i to the code %s, keeping our own code as reason', (status, code) => {
    const err = toGraphqlError(
      new AppError({ status, type: 'api_error', code: 'internal_error', message: 'Readable message.' }),
    );
    expect(err.message).toBe('Readable message.');
    expect(err.extensions).toEqual({ code, reason: 'internal_error' });
  });

  it('does not echo an unexpected error’s message', () => {
    const err = toGraphqlError(new Error('user-secret-123'));
    expect(err.extensions['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(err.message).not.toContain('user-secret-123');
  });
});
