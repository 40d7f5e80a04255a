package dev.posbridge.testing.quickbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posbridge.testing.SimResponse;
import dev.posbridge.testing.SimulatorError;
import dev.posbridge.testing.internal.Json;

/** Builds QBO fault envelopes (docs/vendors/quickbooks.md). */
final class QboFaults {

  private QboFaults() {}

  /** A fault raised while handling a request; turned into a response by the simulator. */
  static final class FaultError extends SimulatorError {
    private static final long serialVersionUID = 1L;
    final String code;
    final String faultMessage;
    final String detail;
    final String type;

    FaultError(int status, String type, String code, String message, String detail) {
      super(status, message);
      this.code = code;
      this.faultMessage = message;
      this.detail = detail;
      this.type = type;
    }

    /** The PascalCase {@code Fault} object. */
    ObjectNode fault() {
      ObjectMapper json = Json.mapper();
      ObjectNode fault = json.createObjectNode();
      ObjectNode error = fault.putArray("Error").addObject();
      error.put("Message", faultMessage);
      error.put("Detail", detail);
      error.put("code", code);
      error.put("element", "");
      fault.put("type", type);
      return fault;
    }

    SimResponse response(String time) {
      ObjectNode body = Json.mapper().createObjectNode();
      body.set("Fault", fault());
      body.put("time", time);
      return SimResponse.json(status(), body);
    }
  }

  static FaultError validation(String code, String message, String detail) {
    return new FaultError(400, "ValidationFault", code, message, detail);
  }

  /** The camelCase envelope of 401 and 403 responses. */
  static SimResponse camelCase(int status, String code, String type, String message, String detail,
      long epochMillis) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.putNull("warnings");
    body.putNull("intuitObject");
    ObjectNode fault = body.putObject("fault");
    ObjectNode error = fault.putArray("error").addObject();
    error.put("message", message);
    error.put("detail", detail);
    error.put("code", code);
    error.putNull("element");
    fault.put("type", type);
    body.putNull("report");
    body.putNull("queryResponse");
    body.putArray("batchItemResponse");
    body.putArray("attachableResponse");
    body.putNull("syncErrorResponse");
    body.putNull("requestId");
    body.put("time", epochMillis);
    body.putNull("status");
    body.putArray("cdcresponse");
    return SimResponse.json(status, body);
  }
}
