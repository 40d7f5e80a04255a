package dev.posbridge.quickbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotationIntrospectorPair;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.module.jaxb.JaxbAnnotationIntrospector;
import com.intuit.ipp.core.Response;
import com.intuit.ipp.data.IntuitResponse;
import com.intuit.ipp.serialization.JSONSerializer;
import com.intuit.ipp.services.WebhooksService;
import com.intuit.ipp.util.Config;
import dev.posbridge.testing.JsonView;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The Intuit Java SDK 6.4.2 as an oracle: its entity classes read with unknown properties
 * failing, its own JSONSerializer for round trips and response envelopes, and its webhook
 * verifier.
 */
final class IntuitOracle {

  /** A mapper configured like the SDK's JSONSerializer, but failing on unknown properties. */
  static final ObjectMapper STRICT = strict();

  private IntuitOracle() {}

  private static ObjectMapper strict() {
    ObjectMapper m = new ObjectMapper();
    m.setAnnotationIntrospector(new AnnotationIntrospectorPair(
        new JacksonAnnotationIntrospector(), new JaxbAnnotationIntrospector(m.getTypeFactory())));
    m.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    try {
      Method register = JSONSerializer.class.getDeclaredMethod("registerModulesForEnum", ObjectMapper.class);
      register.setAccessible(true);
      register.invoke(new JSONSerializer(), m);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    return m;
  }

  /** Reads a simulator's entity or request body with the SDK's strict mapper. */
  static <T> T read(JsonView json, Class<T> type) throws Exception {
    return STRICT.readValue(json.toJson(), type);
  }

  static <T> T assertEntityRoundTrips(JsonView ours, Class<T> type) throws Exception {
    return assertEntityRoundTrips(STRICT.readTree(ours.toJson()), type);
  }

  static <T> T assertEntityRoundTrips(JsonNode ours, Class<T> type) throws Exception {
    T entity = STRICT.treeToValue(ours, type);
    // The SDK serializes entities wrapped the way its services wrap them: ObjectFactory.createX.
    Object wrapped = com.intuit.ipp.data.ObjectFactory.class
        .getMethod("create" + type.getSimpleName(), type)
        .invoke(new com.intuit.ipp.data.ObjectFactory(), entity);
    JsonNode back = STRICT.readTree(new JSONSerializer().serialize(wrapped));
    assertSubset(ours, back, type.getSimpleName());
    return entity;
  }

  /** Parses a whole response body with the SDK's own deserializer. */
  static IntuitResponse readResponse(String body) throws Exception {
    Response r = new JSONSerializer().deserialize(body, IntuitResponse.class);
    return (IntuitResponse) r;
  }

  /** The SDK's webhook verifier on a payload and signature. */
  static boolean sdkVerifies(String verifierToken, String payload, String signature) {
    Config.setProperty(Config.WEBHOOKS_VERIFIER_TOKEN, verifierToken);
    return new WebhooksService().verifyPayload(signature, payload);
  }

  private static void assertSubset(JsonNode ours, JsonNode back, String path) {
    if (ours.isObject()) {
      assertThat(back.isObject()).as(path).isTrue();
      for (Map.Entry<String, JsonNode> e : ours.properties()) {
        JsonNode b = back.get(e.getKey());
        assertThat(b).as(path + "." + e.getKey() + " dropped by the SDK").isNotNull();
        assertSubset(e.getValue(), b, path + "." + e.getKey());
      }
    } else if (ours.isArray()) {
      assertThat(back.size()).as(path).isEqualTo(ours.size());
      for (int i = 0; i < ours.size(); i++) {
        assertSubset(ours.get(i), back.get(i), path + "[" + i + "]");
      }
    } else if (ours.isNumber()) {
      assertThat(new BigDecimal(back.asText())).as(path).isEqualByComparingTo(ours.decimalValue());
    } else if (ours.isTextual() && back.isNumber()) {
      // java.util.Date fields (TxnDate, timestamps) come back as epoch millis: the value survived.
      assertThat(ours.asText()).as(path).matches("\\d{4}-\\d{2}-\\d{2}.*");
    } else if (ours.isTextual() && back.isTextual() && ours.asText().matches("\\d{4}-\\d{2}-\\d{2}T.*")) {
      assertThat(java.time.OffsetDateTime.parse(back.asText()).toInstant())
          .as(path).isEqualTo(java.time.OffsetDateTime.parse(ours.asText()).toInstant());
    } else {
      assertThat(back.asText()).as(path).isEqualTo(ours.asText());
    }
  }
}
