package dev.posbridge.core.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.Money;
import dev.posbridge.core.model.Sale;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import dev.posbridge.core.model.StockChangeReason;
import dev.posbridge.core.model.Tender;
import dev.posbridge.core.model.TenderType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void aSaleSurvivesTheRoundTripExactly() {
    Sale sale = Sale.builder().ref(ExternalRef.of("square", "order", "O1").withVersion("3"))
        .location(ExternalRef.of("square", "location", "L1"))
        .createdAt(Instant.parse("2026-11-29T10:15:30.123Z")).currency(Currency.getInstance("JPY"))
        .addLine(SaleLine.of("LATTE", "Latte", new BigDecimal("1.5"), Money.of("480", "JPY")))
        .addTender(Tender.of(TenderType.CASH, Money.of("720", "JPY")))
        .deriveTotals().build();
    SyncEnvelope e = new SyncEnvelope(1, "sale", "quickbooks", "pbkey", "square", "ev1", false, sale,
        null, null, null, null, null, null);

    String json = codec.write(e);

    assertThat(json).contains("\"schema\":1").doesNotContain("\"refund\"");
    assertThat(codec.read(json)).isEqualTo(e);
  }

  @Test
  void unknownFieldsOfANewerWriterAreIgnored() {
    StockChange change = StockChange.adjust("A", ExternalRef.of("shopify", "location", "1"),
        BigDecimal.ONE.negate(), StockChangeReason.SALE, Instant.EPOCH, "ref");
    SyncEnvelope e = new SyncEnvelope(1, "stock", "shopify", "k", "square", "ev", true, null, null,
        change, null, null, null, null);
    String newer = codec.write(e).replace("\"schema\":1", "\"schema\":2,\"priority\":\"high\"");

    SyncEnvelope read = codec.read(newer);

    assertThat(read.schema()).isEqualTo(2);
    assertThat(read.stock()).isEqualTo(change);
  }

  @Test
  void garbageIsRejectedClearly() {
    assertThatThrownBy(() -> codec.read("{not json")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.read("{}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysAreDeterministicShortAndDistinct() {
    String a = IdempotencyKeys.of("sale", "square/order/1", "quickbooks");

    assertThat(a).isEqualTo(IdempotencyKeys.of("sale", "square/order/1", "quickbooks"))
        .hasSize(28).startsWith("pb").matches("[a-z2-7]+");
    assertThat(IdempotencyKeys.of("sale", "square/order/1", "netsuite")).isNotEqualTo(a);
    assertThat(IdempotencyKeys.of("sale", "square/order/1quickbooks")).isNotEqualTo(a);
  }
}
