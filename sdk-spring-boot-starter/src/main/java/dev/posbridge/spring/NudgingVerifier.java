package dev.posbridge.spring;

import dev.posbridge.core.model.ChangeEvent;
import dev.posbridge.core.model.ChangeType;
import dev.posbridge.core.webhook.WebhookEvent;
import dev.posbridge.core.webhook.WebhookRequest;
import dev.posbridge.core.webhook.WebhookVerifier;
import java.util.function.Predicate;

/**
 * A verifier that, after a verified webhook tells of a sale or refund without carrying it (Square
 * and Shopify send a summary), asks for a poll of that source, which fetches it: the poller's
 * checkpoint, not the webhook, guarantees nothing is missed.
 */
final class NudgingVerifier implements WebhookVerifier {

  private final WebhookVerifier delegate;
  private final Predicate<String> pollSoon;

  NudgingVerifier(WebhookVerifier delegate, Predicate<String> pollSoon) {
    this.delegate = delegate;
    this.pollSoon = pollSoon;
  }

  @Override
  public WebhookEvent verify(WebhookRequest request) {
    WebhookEvent event = delegate.verify(request);
    for (ChangeEvent c : event.changes()) {
      boolean summary = (c.type() == ChangeType.SALE && c.sale() == null)
          || (c.type() == ChangeType.REFUND && c.refund() == null)
          || (c.type() == ChangeType.PAYMENT);
      if (summary && !c.deleted()) {
        // Whether the nudge was queued does not matter here: the scheduled poll fetches it anyway.
        boolean unusedQueued = pollSoon.test(event.system());
        break;
      }
    }
    return event;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
