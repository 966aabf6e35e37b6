/**
 * Every REST route and every GraphQL query or mutation declares who may call it. This walks the
 * running app, so a new handler without an access policy fails here before it can ship.
 */
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_POLICY } from '@vipcloud/platform';
import request from 'supertest';
import { Gateway, graphql, startGateway } from './kit';

const RESOLVER_TYPE = 'graphql:resolver_type';

interface Handler {
  kind: 'route' | 'graphql';
  name: string;
  policy: string | undefined;
}

function handlers(gw: Gateway): Handler[] {
  const out: Handler[] = [];
  for (const module of gw.app.get(ModulesContainer).values()) {
    const wrappers = [...module.controllers.values(), ...module.providers.values()];
    for (const wrapper of wrappers) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | undefined;
      if (!type || typeof type !== 'function' || !type.prototype) continue;
      const classPolicy = Reflect.getMetadata(ACCESS_POLICY, type) as string | undefined;
      for (const key of Object.getOwnPropertyNames(type.prototype)) {
        if (key === 'constructor') continue;
        const method = Object.getOwnPropertyDescriptor(type.prototype, key)?.value as unknown;
        if (typeof method !== 'function') continue;
        const isRoute =
          Reflect.getMetadata(PATH_METADATA, method) !== undefined &&
          Reflect.getMetadata(METHOD_METADATA, method) !== undefined;
        const resolverType = Reflect.getMetadata(RESOLVER_TYPE, method) as string | undefined;
        const isOperation = resolverType === 'Query' || resolverType === 'Mutation' || resolverType === 'Subscription';
        if (!isRoute && !isOperation) continue;
        const policy = (Reflect.getMetadata(ACCESS_POLICY, method) as string | undefined) ?? classPolicy;
        out.push({ kind: isRoute ? 'route' : 'graphql', name: `${type.name}.${key}`, policy });
      }
    }
  }
  return out;
}

describe('access policies', () => {
  let gw: Gateway;
  beforeAll(async () => {
    gw = await startGateway('sqlite');
  });
  afterAll(() => gw?.close());

  it('are declared by every route and every GraphQL operation', () => {
    const all = handlers(gw);
    expect(all.filter((h) => h.kind === 'route').length).toBeGreaterThanOrEqual(5);
    expect(all.filter((h) => h.kind === 'graphql').length).toBeGreaterThanOrEqual(1);
    expect(all.filter((h) => !h.policy).map((h) => h.name)).toEqual([]);
    expect(Object.fromEntries(all.map((h) => [h.name, h.policy]))).toEqual({
      'HealthController.health': 'public',
      'HealthController.ready': 'public',
      'ChatCompletionsController.create': 'api-key',
      'DataExportController.download': 'user',
      'DataExportsResolver.myDataExports': 'user',
      'DataExportsResolver.requestDataExport': 'user',
      'ModelsController.list': 'api-key',
      'ModelsController.get': 'api-key',
      'ModelsResolver.models': 'public',
      'ModelPricesResolver.modelPrices': 'admin',
      'ModelPricesResolver.setModelPrice': 'admin',
      'AuthController.logout': 'user',
      'SessionsResolver.me': 'user',
      'SessionsResolver.mySessions': 'user',
      'SessionsResolver.endSession': 'user',
      'SessionsResolver.endAllSessions': 'user',
      'ApiKeysResolver.myApiKeys': 'user',
      'ApiKeysResolver.createApiKey': 'user',
      'ApiKeysResolver.renameApiKey': 'user',
      'ApiKeysResolver.revokeApiKey': 'user',
      'PreferencesController.setLanguage': 'public',
      'OAuthController.start': 'public',
      'OAuthController.callback': 'public',
      'OAuthResolver.signInProviders': 'public',
      'OAuthResolver.currentTermsVersion': 'public',
      'OAuthResolver.completeSignUp': 'public',
      'TermsResolver.acceptTerms': 'user',
      'AccountResolver.setDisplayName': 'user',
      'AccountClosureResolver.closeAccount': 'user',
      'AccountClosureResolver.closeUnderageAccount': 'support',
      'ProfileResolver.requestEmailChange': 'user',
      'ProfileResolver.myPendingEmailChange': 'user',
      'ProfileResolver.myProfileChanges': 'user',
      // The token in the link sent to the new address is the proof.
      'EmailChangeController.confirm': 'public',
      'UsageResolver.usageSummary': 'user',
      'UsageResolver.recentRequests': 'user',
      'ConsentsResolver.myConsents': 'user',
      'ConsentsResolver.setConsent': 'user',
      'PrivacyOverviewResolver.privacyOverview': 'user',
      'RightsRequestsResolver.myRightsRequests': 'user',
      'RightsRequestsResolver.objectToProcessing': 'user',
      'RightsRequestsResolver.rightsRequestQueue': 'support',
      'RightsRequestsResolver.recordRightsRequest': 'support',
      'RightsRequestsResolver.updateRightsRequest': 'support',
      'AbuseCasesResolver.abuseCase': 'support',
      'AbuseCasesResolver.abuseCases': 'support',
      'AbuseCasesResolver.addAbuseCaseNote': 'support',
      'AbuseCasesResolver.decideAbuseCase': 'support',
      'AbuseCasesResolver.myAbuseRecord': 'user',
      'AbuseCasesResolver.reportAbuse': 'public',
      'RateLimitsResolver.accountRateLimits': 'support',
      'RateLimitsResolver.rateLimits': 'user',
      'RateLimitsResolver.setAccountRateLimits': 'support',
      'RetentionAuditResolver.retentionAudit': 'admin',
      'DebugCapturesResolver.myDebugCaptures': 'user',
      'DebugCapturesResolver.deleteDebugCapture': 'user',
      'DebugCapturesResolver.deleteAllDebugCaptures': 'user',
      'BillingResolver.checkoutSettings': 'user',
      'BillingResolver.creditBalance': 'user',
      'BillingResolver.ledgerEntries': 'user',
      'BillingResolver.creditPacks': 'public',
      'BillingResolver.startCheckout': 'user',
      'BillingResolver.myPurchases': 'user',
      'BillingResolver.purchase': 'user',
      'BillingResolver.receipt': 'user',
      'BillingResolver.lowBalanceAlert': 'user',
      'BillingResolver.setLowBalanceAlert': 'user',
      'BillingAdminResolver.accountCreditBalance': 'support',
      'BillingAdminResolver.accountPurchases': 'support',
      'BillingAdminResolver.adjustCredits': 'admin',
      'BillingAdminResolver.refundPurchase': 'admin',
      'BillingAdminResolver.allCreditPacks': 'admin',
      'BillingAdminResolver.createCreditPack': 'admin',
      'BillingAdminResolver.updateCreditPack': 'admin',
      // Signed by Paddle over the raw body instead of a key or a session.
      'PaddleWebhookController.paddle': 'public',
      // RFC 9116: whom to tell about a vulnerability, for anyone.
      'SecurityTxtController.securityTxt': 'public',
    });
  });

  it('keep /v1 closed without a key and public endpoints open', async () => {
    expect((await request(gw.url).get('/v1/models')).status).toBe(401);
    expect((await request(gw.url).get('/healthz')).status).toBe(200);
    const gql = await graphql(gw)('{ models { id } }');
    expect(gql.status).toBe(200);
  });
});
