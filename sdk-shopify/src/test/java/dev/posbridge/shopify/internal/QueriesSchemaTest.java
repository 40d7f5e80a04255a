package dev.posbridge.shopify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.validation.ValidationError;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema oracle: every document the connector sends validates against Admin 2026-10. */
class QueriesSchemaTest {

  static Stream<Arguments> documents() {
    return Queries.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void documentValidatesAgainstTheAdmin202610Schema(String name, String document) {
    ParseAndValidateResult result = ParseAndValidate.parseAndValidate(
        AdminSchema.get(), graphql.ExecutionInput.newExecutionInput(document).build());
    List<String> errors = result.getErrors().stream().map(Object::toString).toList();
    assertThat(errors).as(name).isEmpty();
  }

  @Test
  void everyDocumentHasOneNamedOperation() {
    Map<String, String> all = Queries.all();
    assertThat(all).hasSize(20);
    all.forEach((name, doc) -> assertThat(doc.strip()).startsWith(
        (doc.strip().startsWith("mutation") ? "mutation " : "query ") + name + "("));
  }

  @Test
  void everyPublicDocumentConstantIsEnumerated() throws Exception {
    java.util.Set<String> constants = new java.util.HashSet<>();
    for (java.lang.reflect.Field f : Queries.class.getDeclaredFields()) {
      int m = f.getModifiers();
      if (java.lang.reflect.Modifier.isPublic(m) && java.lang.reflect.Modifier.isStatic(m)
          && f.getType() == String.class) {
        constants.add((String) f.get(null));
      }
    }
    assertThat(Queries.all().values()).containsExactlyInAnyOrderElementsOf(constants);
  }

  @Test
  void theOracleRejectsAFieldShopifyDoesNotHave() {
    ParseAndValidateResult result = ParseAndValidate.parseAndValidate(AdminSchema.get(),
        graphql.ExecutionInput.newExecutionInput("query X { shop { noSuchField } }").build());
    assertThat(result.getValidationErrors()).extracting(ValidationError::getValidationErrorType)
        .isNotEmpty();
  }
}
