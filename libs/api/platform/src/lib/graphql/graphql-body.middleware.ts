import express, { ErrorRequestHandler, RequestHandler } from 'express';
import { toErrorResponse, toGraphqlError } from '../errors/app-exception.filter';

/** The JSON types the general parser reads too: /graphql must not fall through to its larger limit. */
export const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * /graphql's own JSON parser, mounted before the general one: portal operations are small, so a
 * large body is refused before it is read into memory or parsed (body-parser counts the bytes
 * after decompression). Its errors are answered in GraphQL's shape, with `reason` saying which.
 */
export function graphqlBodyParser(limitBytes: number): [RequestHandler, ErrorRequestHandler] {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES });
  const answer: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    const { status } = toErrorResponse(err);
    res.status(status).json({ errors: [toGraphqlError(err).toJSON()] });
  };
  return [parse, answer];
}
