package dev.posbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posbridge.core.connect.WriteResult;
import dev.posbridge.core.model.ExternalRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchItemsExceptionOrderTest {

  @Test
  void appliedResultsAndFailuresAreWalkedInIndexOrder() {
    Set<Integer> applied = new HashSet<>();
    Map<Integer, WriteResult> results = new HashMap<>();
    Map<Integer, PosbridgeException> failures = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      if (i % 3 == 0) {
        failures.put(i, new ValidationException("item " + i, ErrorContext.of("quickbooks", "Batch"),
            java.util.List.of(), null));
      } else {
        applied.add(i);
        results.put(i, new WriteResult(ExternalRef.of("quickbooks", "SalesReceipt", "r" + i), true));
      }
    }
    BatchItemsException e = new BatchItemsException("some failed", ErrorContext.of("quickbooks",
        "Batch"), 40, applied, results, failures);

    assertThat(e.applied()).containsExactlyElementsOf(
        IntStream.range(0, 40).filter(i -> i % 3 != 0).boxed().toList());
    assertThat(e.results().keySet()).containsExactlyElementsOf(e.applied());
    assertThat(e.failures().keySet()).containsExactlyElementsOf(
        IntStream.range(0, 40).filter(i -> i % 3 == 0).boxed().toList());
  }
}
