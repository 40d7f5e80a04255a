package dev.posbridge.core.spi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.posbridge.core.http.ResponseLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Creates the {@link ObjectMapper} configuration all posbridge code shares: Java time support
 * with ISO-8601 text, unknown properties ignored (vendors add fields), floats read as
 * {@link java.math.BigDecimal} and written without exponent (money stays exact), and the parse
 * limits of {@link ResponseLimits} (document length, token count, nesting depth, string, number
 * and name length, decimal exponent), so that no vendor answer can cost unbounded memory or CPU.
 *
 * <p>Unknown properties are skipped at the parser, not buffered: for a type built through a
 * constructor (every record), Jackson otherwise copies each property it does not know into a
 * token buffer while it waits for the constructor's arguments, and discards the copy at the end.
 * Vendors send many more fields than the connectors read, so that copy was a third of the bytes
 * allocated decoding a Square order (docs/decisions/0023-performance-round-2.md).
 *
 * <p>It also holds the small tree readers the vendor modules share ({@link #value},
 * {@link #typed}, {@link #decimal}, {@link #fieldIgnoringCase}, {@link #idOrValue}).
 */
public final class Json {
  private Json() {}

  /**
   * Creates a new mapper with the shared configuration and the default limits. Mappers are
   * thread-safe once configured; create one per transport and do not reconfigure it.
   *
   * @return a new mapper
   */
  public static ObjectMapper create() {
    return constrain(JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .annotationIntrospector(new SkipUnknown())
        .build(), ResponseLimits.defaults());
  }

  /**
   * Applies parse limits to a mapper (before it is shared): Jackson's {@link StreamReadConstraints}
   * on its factory, and a bound on the decimal exponent of every {@link BigDecimal} it reads into
   * a tree or an object, so that {@code 1e999999999} fails at parse time instead of when some code
   * later turns it into a plain number.
   *
   * @param mapper the mapper to configure; returned for chaining
   * @param limits the limits
   * @return {@code mapper}
   */
  public static ObjectMapper constrain(ObjectMapper mapper, ResponseLimits limits) {
    mapper.getFactory().setStreamReadConstraints(constraints(limits));
    int maxScale = limits.maxNumberLength();
    mapper.setNodeFactory(new BoundedNodeFactory(maxScale));
    SimpleModule module = new SimpleModule("posbridge-bounded-decimals-" + maxScale);
    module.addDeserializer(BigDecimal.class, new BoundedBigDecimalDeserializer(maxScale));
    mapper.registerModule(module);
    return mapper;
  }

  /**
   * Returns Jackson's constraints for the limits.
   *
   * @param limits the limits
   * @return the constraints
   */
  public static StreamReadConstraints constraints(ResponseLimits limits) {
    return StreamReadConstraints.builder()
        .maxDocumentLength(limits.maxBodyBytes())
        .maxTokenCount(limits.maxTokens())
        .maxNestingDepth(limits.maxNestingDepth())
        .maxStringLength(limits.maxStringLength())
        .maxNumberLength(limits.maxNumberLength())
        .maxNameLength(limits.maxNameLength())
        .build();
  }

  /**
   * Returns a field's value, or {@code null} when the object is {@code null} or the field is
   * absent or JSON {@code null}.
   *
   * @param object the object, or {@code null}
   * @param field the field's name
   * @return the value, never a JSON {@code null}
   */
  public static @Nullable JsonNode value(@Nullable JsonNode object, String field) {
    if (object == null) {
      return null;
    }
    JsonNode v = object.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /**
   * Reads an optional field that must be of one JSON kind.
   *
   * @param <T> the value's Java type
   * @param object the object, or {@code null}
   * @param field the field's name
   * @param kind whether a value is of the expected kind
   * @param what the kind for the message, e.g. {@code "a boolean"}
   * @param read reads a value of the expected kind
   * @return the value, or {@code null} when the field is absent or JSON {@code null}
   * @throws IllegalArgumentException naming the field if the value is of another kind
   */
  public static <T> @Nullable T typed(
      @Nullable JsonNode object, String field, Predicate<JsonNode> kind, String what,
      Function<JsonNode, T> read) {
    JsonNode v = value(object, field);
    if (v == null) {
      return null;
    }
    if (!kind.test(v)) {
      throw new IllegalArgumentException(field + " is not " + what);
    }
    return read.apply(v);
  }

  /**
   * Reads a JSON number, or text holding a number, as a {@link BigDecimal}.
   *
   * @param value the value
   * @param field the field's name, for the message
   * @return the number
   * @throws IllegalArgumentException naming the field if the value is not a number
   */
  public static BigDecimal decimal(JsonNode value, String field) {
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isTextual()) {
      try {
        return new BigDecimal(value.asText().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            field + " is not a number: " + DataGuard.quote(value.asText()), e);
      }
    }
    throw new IllegalArgumentException(field + " is not a number");
  }

  /**
   * Returns a field by name, ignoring case when no field has exactly that name (some vendors
   * change the case of their envelopes between APIs).
   *
   * @param node the object; anything else has no fields
   * @param name the field's name
   * @return the value, or {@code null} if no field has that name in any case
   */
  public static @Nullable JsonNode fieldIgnoringCase(JsonNode node, String name) {
    if (!node.isObject()) {
      return null;
    }
    JsonNode v = node.get(name);
    if (v != null) {
      return v;
    }
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (f.equalsIgnoreCase(name)) {
        return node.get(f);
      }
    }
    return null;
  }

  /**
   * Reads a field that holds either a plain value or a reference object with an {@code id}.
   *
   * @param node the object
   * @param field the field's name
   * @return the value's text or the reference's id, or {@code null} when absent or JSON
   *     {@code null}
   */
  public static @Nullable String idOrValue(JsonNode node, String field) {
    JsonNode v = value(node, field);
    if (v == null) {
      return null;
    }
    if (v.isObject()) {
      JsonNode id = value(v, "id");
      return id == null ? null : id.asText();
    }
    return v.asText();
  }

  static BigDecimal checkScale(BigDecimal value, int maxScale) throws StreamConstraintsException {
    int scale = value.scale();
    if (scale > maxScale || scale < -maxScale) {
      throw new StreamConstraintsException(
          "Number exponent out of bounds (scale " + scale + ", at most " + maxScale + ")");
    }
    return value;
  }

  /** Rethrows a checked exception from a method that cannot declare it (Jackson's node factory). */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }

  /** Builds trees whose decimal nodes have a bounded exponent. */
  private static final class BoundedNodeFactory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;
    private final int maxScale;

    BoundedNodeFactory(int maxScale) {
      super(false);
      this.maxScale = maxScale;
    }

    @Override
    public ValueNode numberNode(BigDecimal v) {
      if (v != null) {
        try {
          checkScale(v, maxScale);
        } catch (StreamConstraintsException e) {
          // Jackson's factory method cannot declare it; callers of readTree see the
          // StreamConstraintsException (an IOException) they already handle.
          throw Json.<RuntimeException>sneaky(e);
        }
      }
      return super.numberNode(v);
    }
  }

  /** Reads BigDecimal properties with a bounded exponent. */
  private static final class BoundedBigDecimalDeserializer extends NumberDeserializers.BigDecimalDeserializer {
    private static final long serialVersionUID = 1L;
    private final int maxScale;

    BoundedBigDecimalDeserializer(int maxScale) {
      this.maxScale = maxScale;
    }

    @Override
    public @Nullable BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      BigDecimal value = super.deserialize(p, ctxt);
      return value == null ? null : checkScale(value, maxScale);
    }
  }

  /**
   * Treats every class as {@code @JsonIgnoreProperties(ignoreUnknown = true)} while the mapper
   * ignores unknown properties anyway, so that Jackson skips them instead of buffering them. A
   * mapper that re-enables {@link DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES} still fails.
   */
  private static final class SkipUnknown extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated a) {
      JsonIgnoreProperties.Value v = super.findPropertyIgnoralByName(config, a);
      if (a instanceof AnnotatedClass && config instanceof DeserializationConfig dc
          && !dc.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
        return v.withIgnoreUnknown();
      }
      return v;
    }
  }
}
