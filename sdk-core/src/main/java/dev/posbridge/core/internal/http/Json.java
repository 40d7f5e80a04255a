package dev.posbridge.core.internal.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Creates the {@link ObjectMapper} configuration all posbridge code shares: Java time support
 * with ISO-8601 text, unknown properties ignored (vendors add fields), floats read as
 * {@link java.math.BigDecimal} and written without exponent (money stays exact).
 *
 * <p>Unknown properties are skipped at the parser, not buffered: for a type built through a
 * constructor (every record), Jackson otherwise copies each property it does not know into a
 * token buffer while it waits for the constructor's arguments, and discards the copy at the end.
 * Vendors send many more fields than the connectors read, so that copy was a third of the bytes
 * allocated decoding a Square order (docs/decisions/0023-performance-round-2.md).
 */
public final class Json {
  private Json() {}

  /**
   * Creates a new mapper with the shared configuration. Mappers are thread-safe once configured;
   * create one per transport and do not reconfigure it.
   *
   * @return a new mapper
   */
  public static ObjectMapper create() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .annotationIntrospector(new SkipUnknown())
        .build();
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
