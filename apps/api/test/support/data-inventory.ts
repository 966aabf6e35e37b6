/**
 * Every table of the product and what it means for privacy: either it holds no personal data (and
 * says why), or it does, and names the rule that deletes it — a retention task (`task`, a
 * RetentionTask's kind, run on schedule) and/or the account's erasure (`source`, a
 * PersonalDataSource's kind, run when a closed account is deleted). The coverage test
 * (data-inventory.e2e-spec.ts) holds the schema, the running libs and the docs page
 * (content/docs/personal-data.*.mdx) to this list, so a new table cannot hold personal data without a rule.
 */
export interface NotPersonal {
  table: string;
  personal: false;
  why: string;
}

export interface Personal {
  table: string;
  personal: true;
  /** The retention tasks that delete its rows on schedule. */
  tasks: string[];
  /** The personal data sources that erase (or pseudonymise) its rows with the account. */
  sources: string[];
}

export type InventoryEntry = NotPersonal | Personal;

export const DATA_INVENTORY: InventoryEntry[] = [
  // Accounts: kept while the account is open, erased with it.
  {
    table: 'accounts',
    personal: true,
    tasks: ['accounts.closed-accounts'],
    sources: ['accounts.profile'],
  },
  { table: 'profile_changes', personal: true, tasks: [], sources: ['accounts.profile-changes'] },
  {
    table: 'pending_email_changes',
    personal: true,
    tasks: ['accounts.pending-email-changes'],
    sources: ['accounts.pending-email-change'],
  },
  { table: 'oauth_identities', personal: true, tasks: [], sources: ['accounts.identities'] },
  { table: 'api_keys', personal: true, tasks: [], sources: ['accounts.api-keys'] },
  { table: 'sessions', personal: true, tasks: ['accounts.sessions'], sources: ['accounts.sessions'] },
  // Requests.
  {
    table: 'request_logs',
    personal: true,
    tasks: ['gateway.request-metadata'],
    sources: ['gateway.request-metadata'],
  },
  { table: 'credit_settlements', personal: true, tasks: ['billing.settlement-records'], sources: [] },
  { table: 'abuse_signals', personal: true, tasks: ['abuse.signals'], sources: ['abuse.signals'] },
  { table: 'account_rate_limits', personal: true, tasks: [], sources: ['rate-limits.overrides'] },
  // Abuse cases: the file (case, audit trail, reports) 90 days after the case closes; with the account.
  { table: 'abuse_cases', personal: true, tasks: ['abuse.cases'], sources: ['abuse.cases'] },
  { table: 'abuse_case_events', personal: true, tasks: ['abuse.cases'], sources: ['abuse.cases'] },
  { table: 'abuse_reports', personal: true, tasks: ['abuse.cases'], sources: ['abuse.cases'] },
  // Billing records: 7 years, pseudonymised when the account is deleted.
  { table: 'ledger_entries', personal: true, tasks: ['billing.records'], sources: ['billing.ledger'] },
  { table: 'purchases', personal: true, tasks: ['billing.records'], sources: ['billing.purchases'] },
  { table: 'payment_events', personal: true, tasks: ['billing.records'], sources: [] },
  { table: 'credit_balances', personal: true, tasks: ['billing.records'], sources: ['billing.ledger'] },
  { table: 'credit_holds', personal: true, tasks: [], sources: ['billing.ledger'] },
  { table: 'credit_alerts', personal: true, tasks: [], sources: ['billing.ledger'] },
  // Consents, notices and rights requests.
  { table: 'privacy_consents', personal: true, tasks: [], sources: ['privacy.consents'] },
  { table: 'privacy_consent_history', personal: true, tasks: [], sources: ['privacy.consents'] },
  { table: 'legal_announcements', personal: true, tasks: [], sources: ['legal.announcements'] },
  {
    table: 'privacy_rights_requests',
    personal: true,
    tasks: ['privacy.rights-requests'],
    sources: ['privacy.rights-requests'],
  },
  // Debug captures: the caller's own prompt and answer, encrypted, for DEBUG_CAPTURE_TTL.
  {
    table: 'debug_captures',
    personal: true,
    tasks: ['privacy.debug-captures'],
    sources: ['privacy.debug-captures'],
  },
  {
    table: 'debug_capture_chunks',
    personal: true,
    tasks: ['privacy.debug-captures'],
    sources: ['privacy.debug-captures'],
  },
  // Data exports: the file 7 days after it is ready, the record 30 days after that; both with the account.
  {
    table: 'privacy_data_exports',
    personal: true,
    tasks: ['privacy.data-exports'],
    sources: ['privacy.data-exports'],
  },
  {
    table: 'privacy_data_export_chunks',
    personal: true,
    tasks: ['privacy.data-exports'],
    sources: ['privacy.data-exports'],
  },
  // No personal data.
  { table: 'credit_packs', personal: false, why: 'the credit packs on sale' },
  { table: 'payment_cursors', personal: false, why: "how far the processor's event log was read" },
  { table: 'model_prices', personal: false, why: 'the price list' },
  { table: 'legal_announcement_scans', personal: false, why: 'which document versions were announced to everyone' },
  { table: 'privacy_retention_audit', personal: false, why: 'the kind of data and how many records each run deleted' },
];
