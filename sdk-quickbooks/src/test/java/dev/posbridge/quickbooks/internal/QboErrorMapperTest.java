package dev.posbridge.quickbooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posbridge.core.AuthenticationException;
import dev.posbridge.core.ConflictException;
import dev.posbridge.core.ErrorContext;
import dev.posbridge.core.ForbiddenException;
import dev.posbridge.core.InvalidResponseException;
import dev.posbridge.core.NotFoundException;
import dev.posbridge.core.RateLimitedException;
import dev.posbridge.core.ValidationException;
import dev.posbridge.core.VendorException;
import dev.posbridge.core.VendorUnavailableException;
import dev.posbridge.core.spi.ErrorResponse;
import dev.posbridge.core.spi.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QboErrorMapperTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final QboErrorMapper mapper = new QboErrorMapper(Duration.ofSeconds(60));

  static String fault(String code, String type) {
    return "{\"Fault\":{\"Error\":[{\"Message\":\"m\",\"Detail\":\"d\",\"code\":\"" + code
        + "\",\"element\":\"\"}],\"type\":\"" + type + "\"},\"time\":\"2026-03-02T06:10:00.123-08:00\"}";
  }

  VendorException map(int status, String body) throws Exception {
    JsonNode node;
    try {
      node = body == null ? null : JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
      node = null; // as the transport passes a body that is not JSON
    }
    return mapper.map(new ErrorResponse(ErrorContext.of("quickbooks", "op").withStatus(status)
        .withRequestId("tid-1"), HttpHeaders.empty(), node, body == null ? "" : body, Duration.ZERO));
  }

  @ParameterizedTest
  @CsvSource({
      "400, 5010, ConflictException",
      "400, 6240, ConflictException",
      "400, 6140, ConflictException",
      "400, 610, NotFoundException",
      "400, 2020, ValidationException",
      "400, 2500, ValidationException",
      "400, 6000, ValidationException",
      "400, 6210, ValidationException",
      "401, 3200, AuthenticationException",
      "401, 100, AuthenticationException",
      "403, 120, ForbiddenException",
      "403, 3100, ForbiddenException",
      "429, 3001, RateLimitedException",
      "500, 10000, VendorUnavailableException",
      "503, 10000, VendorUnavailableException"})
  void theFaultCodeDecidesTheException(int status, String code, String type) throws Exception {
    VendorException e = map(status, fault(code, "ValidationFault"));
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.vendorCode()).isEqualTo(code);
    assertThat(e.requestId()).isEqualTo("tid-1");
  }

  @Test
  void camelCaseEnvelopeOf401IsRead() throws Exception {
    String body = "{\"warnings\":null,\"intuitObject\":null,\"fault\":{\"error\":[{\"message\":\"message=AuthenticationFailed; errorCode=003200; statusCode=401\",\"detail\":\"Token expired: x\",\"code\":\"3200\",\"element\":null}],\"type\":\"AUTHENTICATION\"},\"report\":null,\"batchItemResponse\":[],\"time\":1533811101733}";
    VendorException e = map(401, body);
    assertThat(e).isInstanceOf(AuthenticationException.class);
    assertThat(e.vendorCode()).isEqualTo("3200");
    assertThat(e.getMessage()).doesNotContain("Token expired");
  }

  @Test
  void throttleWithoutRetryAfterWaitsSixtySeconds() throws Exception {
    RateLimitedException e = (RateLimitedException) map(429, null);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(e.vendorCode()).isEqualTo("3001");
  }

  @Test
  void statusOnlyErrorsStillMap() throws Exception {
    assertThat(map(401, null)).isInstanceOf(AuthenticationException.class);
    assertThat(map(403, "<html>")).isInstanceOf(ForbiddenException.class);
    assertThat(map(404, null)).isInstanceOf(NotFoundException.class);
    assertThat(map(502, null)).isInstanceOf(VendorUnavailableException.class);
    assertThat(map(400, "{\"unexpected\":true}")).isInstanceOf(InvalidResponseException.class);
  }

  @Test
  void validationKeepsEveryErrorAsAFieldError() throws Exception {
    String body = "{\"Fault\":{\"Error\":[{\"Message\":\"Required param missing\",\"Detail\":\"d\",\"code\":\"2020\",\"element\":\"Line\"},"
        + "{\"Message\":\"Invalid Reference Id\",\"Detail\":\"d\",\"code\":\"2500\",\"element\":\"ItemRef\"}],\"type\":\"ValidationFault\"}}";
    ValidationException e = (ValidationException) map(400, body);
    assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::field).containsExactly("Line", "ItemRef");
    assertThat(e.fieldErrors()).extracting(ValidationException.FieldError::code).containsExactly("2020", "2500");
  }

  @Test
  void conflictMessagesDoNotQuoteTheDetail() throws Exception {
    ConflictException e = (ConflictException) map(400, fault("5010", "ValidationFault"));
    assertThat(e.getMessage()).contains("5010").doesNotContain(" d");
  }
}
