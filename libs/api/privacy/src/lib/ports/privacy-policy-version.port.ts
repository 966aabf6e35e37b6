/**
 * The version of the privacy policy in effect, recorded with each consent. Legal implements it (from
 * its manifest); privacy may not import legal, so the retention and consent code only sees this port.
 */
export abstract class PrivacyPolicyVersion {
  /** The version in effect now, or null when none is (a manifest without a privacy policy). */
  abstract current(): string | null;
}
