package dev.posbridge.shopify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bulk query over orders validates against Admin 2026-10, whatever its search string holds. */
class BulkQuerySchemaTest {

  @Test
  void theBulkOrdersQueryValidatesAgainstTheAdmin202610Schema() {
    String document = Queries.bulkOrders("updated_at:>='2025-01-01T00:00:00Z' AND (location_id:\"1\")",
        "UPDATED_AT");

    ParseAndValidateResult result = ParseAndValidate.parseAndValidate(
        AdminSchema.get(), graphql.ExecutionInput.newExecutionInput(document).build());

    List<String> errors = result.getErrors().stream().map(Object::toString).toList();
    assertThat(errors).isEmpty();
  }

  @Test
  void quotesBackslashesAndLineBreaksInTheSearchCannotEscapeItsStringLiteral() {
    String hostile = "x\\\") { id } } shop { name \n \"";

    String document = Queries.bulkOrders(hostile, "CREATED_AT");

    ParseAndValidateResult result = ParseAndValidate.parseAndValidate(
        AdminSchema.get(), graphql.ExecutionInput.newExecutionInput(document).build());
    assertThat(result.getErrors()).isEmpty();
    graphql.language.Document parsed = graphql.parser.Parser.parse(document);
    graphql.language.OperationDefinition op = (graphql.language.OperationDefinition) parsed.getDefinitions().get(0);
    graphql.language.Field orders = (graphql.language.Field) op.getSelectionSet().getSelections().get(0);
    assertThat(op.getSelectionSet().getSelections()).hasSize(1);
    assertThat(((graphql.language.StringValue) orders.getArguments().get(0).getValue()).getValue())
        .isEqualTo(hostile);
  }
}
