/**
 * Every retention and inactivity rule the platform keeps on its own (SPEC §H), with its published
 * default. The operator may change a value (`retention_settings`) or shorten it for one account
 * (`account_retention`), never beyond `max` (the default, unless the terms allow more).
 */
export const RETENTION_RULES = {
  "campaign-statistics": {
    default: "P5Y",
    description:
      "Messages and their events, attachments and webhook deliveries, and unused templates, are deleted",
  },
  "hard-bounces": {
    default: "P1Y",
    description: "Hard-bounce records (events and suppressions) are deleted",
  },
  "soft-bounces": { default: "P6M", description: "Soft-bounce records are deleted" },
  "smtp-credential-disable": {
    default: "P30D",
    description: "An SMTP credential without a send is disabled; the customer must reactivate it",
  },
  "smtp-credential-deactivate": {
    default: "P180D",
    description: "An SMTP credential without a send is deactivated for good",
  },
  "account-inactivity": {
    default: "P12M",
    description:
      "An account without login or billing activity is deactivated: prepaid credits forfeited, data deleted",
  },
  "account-inactivity-warning": {
    default: "P30D",
    description: "How long before deactivation for inactivity the owner is warned by email",
  },
  "closed-account-purge": {
    default: "P45D",
    max: "P60D",
    description: "A closed account's personal data is purged; billing records stay",
  },
} as const satisfies Record<string, { default: string; max?: string; description: string }>;

export type RetentionRule = keyof typeof RETENTION_RULES;

export const RULE_NAMES = Object.keys(RETENTION_RULES) as RetentionRule[];

/** The longest the operator may set a rule to. */
export function maxPeriod(rule: RetentionRule): string {
  const entry: { default: string; max?: string } = RETENTION_RULES[rule];
  return entry.max ?? entry.default;
}
