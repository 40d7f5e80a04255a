package dev.posbridge.shopify.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Shopify's Admin GraphQL 2026-10 schema, built once from the shipped introspection result. */
final class AdminSchema {

  private static volatile GraphQLSchema schema;

  private AdminSchema() {}

  static GraphQLSchema get() {
    GraphQLSchema s = schema;
    if (s == null) {
      synchronized (AdminSchema.class) {
        s = schema;
        if (s == null) {
          s = load();
          schema = s;
        }
      }
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static GraphQLSchema load() {
    try (InputStream in = new GZIPInputStream(AdminSchema.class.getResourceAsStream(
        "/shopify/admin-2026-10.introspection.json.gz"))) {
      Map<String, Object> root = new ObjectMapper().readValue(in, Map.class);
      Map<String, Object> data = (Map<String, Object>) root.get("data");
      Document sdl = new IntrospectionResultToSchema().createSchemaDefinition(data);
      TypeDefinitionRegistry registry = new SchemaParser().buildRegistry(sdl);
      return UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
