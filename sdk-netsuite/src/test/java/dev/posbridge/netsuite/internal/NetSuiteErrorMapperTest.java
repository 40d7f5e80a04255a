package dev.posbridge.netsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.spi.ErrorResponse;
import dev.posbridge.core.spi.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetSuiteErrorMapperTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static VendorException map(int status, String code, String path) throws Exception {
    String json = "{\"type\":\"https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1\","
        + "\"title\":\"Bad Request\",\"status\":" + status + ",\"o:errorDetails\":[{\"detail\":\"Error while "
        + "accessing resource: You have entered an Invalid Field Value 9999 for the following field: item\","
        + "\"o:errorCode\":\"" + code + "\"" + (path == null ? "" : ",\"o:errorPath\":\"" + path + "\"") + "}]}";
    JsonNode body = MAPPER.readTree(json);
    return new NetSuiteErrorMapper().map(new ErrorResponse(
        new ErrorContext("netsuite", "CreateSalesOrder", status, null, null),
        HttpHeaders.of(Map.of()), body, json, Duration.ZERO));
  }

  @Test
  void invalidContentBecomesValidationWithThePathAndCode() throws Exception {
    VendorException e = map(400, "INVALID_CONTENT", "item.items[0].item");
    assertThat(e).isInstanceOf(ValidationException.class);
    assertThat(e.vendorCode()).isEqualTo("INVALID_CONTENT");
    assertThat(((ValidationException) e).fieldErrors()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("item.items[0].item");
      assertThat(f.code()).isEqualTo("INVALID_CONTENT");
      assertThat(f.message()).contains("Invalid Field Value 9999");
    });
    assertThat(e.getMessage()).doesNotContain("9999");
  }

  @Test
  void statusesAndCodesMapToTheHierarchy() throws Exception {
    assertThat(map(401, "INVALID_LOGIN", null)).isInstanceOf(AuthenticationException.class);
    assertThat(map(403, "INSUFFICIENT_PERMISSION", null)).isInstanceOf(ForbiddenException.class);
    assertThat(map(404, "NONEXISTENT_ID", null)).isInstanceOf(NotFoundException.class)
        .extracting(VendorException::vendorCode).isEqualTo("NONEXISTENT_ID");
    assertThat(map(400, "IDEMPOTENCY_ERROR", null)).isInstanceOf(ConflictException.class);
    assertThat(map(409, "IDEMPOTENCY_ERROR", null)).isInstanceOf(ConflictException.class);
    assertThat(map(429, "CONCURRENCY_LIMIT_EXCEEDED", null)).isInstanceOf(RateLimitedException.class);
    assertThat(map(400, "CONCURRENCY_LIMIT_EXCEEDED", null)).isInstanceOf(RateLimitedException.class);
    assertThat(map(500, "UNEXPECTED_ERROR", null)).isInstanceOf(VendorUnavailableException.class)
        .extracting(VendorException::isRetryable).isEqualTo(true);
    assertThat(map(400, "USER_ERROR", "entity")).isInstanceOf(ValidationException.class);
  }

  @Test
  void aBodyThatIsNotTheEnvelopeStillMapsByStatus() {
    VendorException e = new NetSuiteErrorMapper().map(new ErrorResponse(
        new ErrorContext("netsuite", "Get", 502, null, null), HttpHeaders.of(Map.of()), null, "<html>",
        Duration.ZERO));
    assertThat(e).isInstanceOf(VendorUnavailableException.class);
    assertThat(e.vendorCode()).isNull();
  }
}
