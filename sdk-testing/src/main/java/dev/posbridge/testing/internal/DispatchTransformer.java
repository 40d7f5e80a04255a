package dev.posbridge.testing.internal;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.function.Function;

/**
 * The single WireMock extension of a simulator: every request hits one catch-all stub whose
 * response this transformer computes by calling the simulator's Java dispatcher.
 */
public final class DispatchTransformer implements ResponseDefinitionTransformerV2 {

  /** The extension name the catch-all stub refers to. */
  public static final String NAME = "posbridge-simulator-dispatch";

  private final Function<Request, ResponseDefinition> dispatcher;

  /**
   * Creates the transformer.
   *
   * @param dispatcher computes the response for a request; must not throw
   */
  public DispatchTransformer(Function<Request, ResponseDefinition> dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    return dispatcher.apply(serveEvent.getRequest());
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }
}
