package dev.posbridge.core.model;

/** A customer's marketing consent on one channel (email or SMS). */
public enum Consent {
  /** The customer agreed to receive marketing. */
  OPTED_IN,
  /** The customer declined or unsubscribed. */
  OPTED_OUT,
  /** The system does not know. */
  UNKNOWN
}
