package dev.posbridge.spring;

import dev.posbridge.ops.EngineView;
import dev.posbridge.ops.FailedDelivery;
import dev.posbridge.ops.SinkState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code posbridge} (expose it with
 * {@code management.endpoints.web.exposure.include=health,posbridge}):
 * <ul>
 *   <li>{@code GET /actuator/posbridge} — backlog and lag per sink, and the dead letters with
 *       their sink, action, source, error code and message;
 *   <li>{@code POST /actuator/posbridge/{target}} — replays: {@code target} is a dead letter's id,
 *       a sink name (all its dead letters) or {@code all}.
 * </ul>
 */
@Endpoint(id = "posbridge")
public class PosbridgeEndpoint {

  private static final int MAX = 1_000;

  private final EngineView engine;

  /**
   * Creates the endpoint.
   *
   * @param engine the engine's view
   */
  public PosbridgeEndpoint(EngineView engine) {
    this.engine = engine;
  }

  /**
   * Lists the sinks and the dead letters.
   *
   * @return the sinks and dead letters
   */
  @ReadOperation
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<SinkState> sinks = engine.sinks();
    out.put("sinks", sinks);
    List<FailedDelivery> dead = engine.deadLetters(MAX);
    out.put("deadLetters", dead);
    return out;
  }

  /**
   * Replays dead letters.
   *
   * @param target a dead letter's id, a sink's name, or {@code all}
   * @return how many were replayed
   */
  @WriteOperation
  public Map<String, Object> replay(@Selector String target) {
    int n;
    if (target.chars().allMatch(Character::isDigit) && !target.isEmpty() && target.length() < 19) {
      n = engine.replay(Long.parseLong(target)) ? 1 : 0;
    } else if (target.equals("all")) {
      n = engine.replayAll(null, MAX);
    } else {
      n = engine.replayAll(target, MAX);
    }
    return Map.of("target", target, "replayed", n);
  }
}
