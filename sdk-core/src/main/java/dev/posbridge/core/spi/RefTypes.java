package dev.posbridge.core.spi;

import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.model.ExternalRef;
import dev.posbridge.core.model.SaleLine;
import dev.posbridge.core.model.StockChange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Refuses refs of the wrong type before a vendor call: a connector that needs, say, a Shopify
 * inventory item must not send a variant id it was handed by mistake (the vendor would reject the
 * whole batch, or worse, act on another object).
 */
public final class RefTypes {

  private RefTypes() {}

  /**
   * Checks the item refs of stock changes: every ref of {@code system} must be of {@code type}.
   *
   * @param changes the changes
   * @param system the connector's system
   * @param type the item ref type the connector needs
   * @param operation the operation, for the error context
   * @throws ValidationException naming each wrong ref, its type and the type needed
   */
  public static void requireStockItems(List<StockChange> changes, String system, String type,
      String operation) {
    require(changes, StockChange::item, "changes", system, type, operation);
  }

  /**
   * Checks the item refs of sale lines: every ref of {@code system} must be of {@code type}.
   *
   * @param lines the lines
   * @param system the connector's system
   * @param type the item ref type the connector needs
   * @param operation the operation, for the error context
   * @throws ValidationException naming each wrong ref, its type and the type needed
   */
  public static void requireLineItems(List<SaleLine> lines, String system, String type,
      String operation) {
    require(lines, SaleLine::item, "lines", system, type, operation);
  }

  private static <T> void require(List<T> values, Function<T, @Nullable ExternalRef> item,
      String field, String system, String type, String operation) {
    List<ValidationException.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      check(item.apply(values.get(i)), field + "[" + i + "].item", system, type, errors);
    }
    throwIfAny(errors, system, type, operation);
  }

  private static void check(@Nullable ExternalRef ref, String field, String system, String type,
      List<ValidationException.FieldError> errors) {
    if (ref != null && ref.system().equals(system) && !ref.type().equals(type)) {
      errors.add(new ValidationException.FieldError(field, "WRONG_REF_TYPE",
          "a " + system + " " + ref.type() + " ref (" + ref.id() + ") where " + system
              + " needs a " + type + " ref"));
    }
  }

  private static void throwIfAny(List<ValidationException.FieldError> errors, String system,
      String type, String operation) {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors.size() + " item ref(s) of the wrong type for " + system
          + ", which needs " + type + " refs: " + errors.get(0).message(),
          ErrorContext.of(system, operation), errors, null);
    }
  }
}
