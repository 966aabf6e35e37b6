import { SetMetadata } from '@nestjs/common';

/**
 * Who may call a route or a GraphQL field. Every handler declares one; the access guard refuses
 * any handler that does not, and a test walks every route and resolver to keep it so.
 * - `public`: anyone;
 * - `api-key`: a valid VIPCloud API key (the /v1 API);
 * - `user`, `support`, `admin`: a signed-in portal session with at least that role.
 */
export type AccessPolicy = 'public' | 'api-key' | 'user' | 'support' | 'admin';

export const ACCESS_POLICY = 'vipcloud:access-policy';

export const Access = (policy: AccessPolicy): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_POLICY, policy);
