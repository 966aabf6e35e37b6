import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type ApiErrorCode, type ApiErrorType, graphqlErrorCode } from '@vipcloud/contracts';
import { GraphQLError } from 'graphql';
import type { Response } from 'express';
import { AppError } from './app-error';

export interface ErrorBody {
  error: { message: string; type: ApiErrorType; param: string | null; code: ApiErrorCode | null };
}

const TYPE_BY_STATUS: Record<number, ApiErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
};

/** Errors body-parser and raw-body raise for an unreadable body, besides the `entity.*` ones. */
const BODY_READ_ERRORS = new Set([
  'charset.unsupported',
  'encoding.unsupported',
  'request.aborted',
  'request.size.invalid',
  'parameters.too.many',
  'stream.encoding.set',
  'stream.not.readable',
]);

/** Express body-parser errors carry a status and a `type` string instead of a class. */
interface BodyParserError {
  status: number;
  type: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  if (typeof e !== 'object' || e === null) return false;
  const { type, status } = e as Partial<BodyParserError>;
  return (
    typeof type === 'string' &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    (type.startsWith('entity.') || BODY_READ_ERRORS.has(type))
  );
}

/** Maps every error to OpenAI's shape, `{"error":{message,type,param,code}}`, with the right status. */
export function toErrorResponse(exception: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  if (exception instanceof AppError) {
    const { status, type, code, param, message, headers } = exception;
    return { status, headers, body: { error: { message, type, param, code } } };
  }
  if (isBodyParserError(exception)) {
    if (exception.type === 'entity.too.large') {
      return {
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
      };
    }
    if (exception.type === 'entity.parse.failed') {
      return {
        status: 400,
        headers: {},
        body: {
          error: {
            message: 'We could not parse the JSON body of your request. Expected a JSON object.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_json',
          },
        },
      };
    }
    // Unsupported charset or encoding, aborted or malformed bodies: the client's error, with its status.
    return {
      status: exception.status,
      headers: {},
      body: {
        error: {
          message: 'The request body could not be read.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_body',
        },
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status === 404) {
      return {
        status: 404,
        headers: {},
        body: {
          error: { message: 'Unknown request URL.', type: 'invalid_request_error', param: null, code: 'not_found' },
        },
      };
    }
    const type = TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { status, headers: {}, body: { error: { message: exception.message, type, param: null, code: null } } };
  }
  return {
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
  };
}

/**
 * The same typed errors for the portal: a stable `extensions.code` by status (the mapping lives in
 * @vipcloud/contracts, so the docs show the same one), and our own code as `reason`.
 */
export function toGraphqlError(exception: unknown): GraphQLError {
  if (exception instanceof GraphQLError) return exception;
  const { status, body } = toErrorResponse(exception);
  const code = graphqlErrorCode(status);
  return new GraphQLError(body.error.message, {
    extensions: { code, ...(body.error.code ? { reason: body.error.code } : {}) },
  });
}

const errorsLogger = new Logger('Errors');

/** An error we did not type is logged, name and stack only: error messages from parsers can quote request content. */
function logUnexpected(exception: unknown, status: number): void {
  if (status < 500 || exception instanceof AppError) return;
  const err = exception instanceof Error ? exception : new Error(String(exception));
  errorsLogger.error({ err: { name: err.name, stack: err.stack?.split('\n').slice(1).join('\n') } }, 'unhandled error');
}

/**
 * Answers an HTTP request that failed with `exception`, in OpenAI's shape (an answer already under way is
 * ended instead). The filter below and the plain Express route of /v1/chat/completions both answer with this,
 * so errors are mapped in one place whichever way a request came in.
 */
export function answerWithError(exception: unknown, res: Response): void {
  const { status, body, headers } = toErrorResponse(exception);
  logUnexpected(exception, status);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.status(status).json(body);
}

@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): GraphQLError | void {
    if (host.getType<string>() === 'graphql') {
      logUnexpected(exception, toErrorResponse(exception).status);
      return toGraphqlError(exception);
    }
    answerWithError(exception, host.switchToHttp().getResponse<Response>());
  }
}
