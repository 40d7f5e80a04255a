package dev.posbridge.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.CallInterruptedException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.LocalException;
import dev.posbridge.core.OutboxException;
import dev.posbridge.core.UnbalancedTotalsException;
import dev.posbridge.core.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local failures are classified as local: never booked as a vendor's rejection. */
class VerdictTest {

  @Test
  void anOutboxFailureDefersTheDeliveryAsStorageNotAsAVendorRejection() {
    Verdict v = Verdict.of(new OutboxException("disk full", null));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.DEFER);
    assertThat(v.code()).isEqualTo("STORAGE");
    assertThat(v.rejected()).isFalse();
  }

  @Test
  void anInterruptStaysInterrupted() {
    Verdict v = Verdict.of(new CallInterruptedException("stop", "quickbooks-client", "RecordSale", null));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.DEFER);
    assertThat(v.code()).isEqualTo("INTERRUPTED");
  }

  @Test
  void unbalancedTotalsAreRefusedBeforeTheCallAndSayNothingAboutTheSink() {
    Verdict v = Verdict.of(new UnbalancedTotalsException("sale does not add up", "RecordSale qbo",
        List.of(new ValidationException.FieldError("total", "unbalanced_totals", "expected 1 but was 2")), null));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.DEAD);
    assertThat(v.code()).isEqualTo("UNBALANCED");
    assertThat(v.rejected()).isTrue();
    assertThat(v.vendorRefused()).isFalse();
  }

  @Test
  void anotherLocalFailureIsDeadLetteredAsLocalNotAsRejected() {
    Verdict v = Verdict.of(new LocalException("Token file unreadable", "token-store", "load", false, null));

    assertThat(v.kind()).isEqualTo(Verdict.Kind.DEAD);
    assertThat(v.code()).isEqualTo("LOCAL");
    assertThat(v.rejected()).isFalse();
  }

  @Test
  void aVendorsValidationIsAVendorRefusal() {
    Verdict v = Verdict.of(new ValidationException("rejected",
        ErrorContext.of("quickbooks", "RecordSale").withStatus(400), List.of(), null));

    assertThat(v.code()).isEqualTo("VALIDATION");
    assertThat(v.vendorRefused()).isTrue();
  }
}
