package dev.posbridge.core.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Observes every vendor call posbridge makes, in every connector of the JVM: for metrics (the
 * Spring Boot starter feeds Micrometer from it) without a metrics library in the core. Every method
 * has an empty default.
 *
 * <p>Register with {@link #register(VendorCallListener)}; close the returned registration to stop
 * observing. Methods are called on the calling thread, concurrently: implementations must be
 * thread-safe, fast and must not throw (an exception is swallowed).
 */
public interface VendorCallListener {

  /**
   * Called after each HTTP attempt, successful or not.
   *
   * @param system the vendor system, e.g. {@code "square"}
   * @param operation the logical operation, e.g. {@code "CreateOrder"}
   * @param status the HTTP status, or {@code 0} when no answer came back
   * @param duration how long the attempt took
   */
  default void onCall(String system, String operation, int status, Duration duration) {}

  /**
   * Called when a call waited because of a rate limit: the client-side limiter, or the vendor's
   * answer (429, Retry-After, throttling) before a retry.
   *
   * @param system the vendor system
   * @param source {@code "client"} for posbridge's own limiter, {@code "vendor"} for a vendor's answer
   * @param waited how long the call waited
   */
  default void onThrottleWait(String system, String source, Duration waited) {}

  /**
   * Called when a connector's circuit breaker changes state.
   *
   * @param system the vendor system
   * @param state {@code "open"}, {@code "half_open"} or {@code "closed"}
   */
  default void onCircuitState(String system, String state) {}

  /**
   * Registers a listener for every connector of this JVM.
   *
   * @param listener the listener
   * @return the registration; close it to unregister
   */
  static Registration register(VendorCallListener listener) {
    Objects.requireNonNull(listener, "listener");
    Registry.LISTENERS.add(listener);
    return () -> Registry.LISTENERS.remove(listener);
  }

  /**
   * Returns the registered listeners (for posbridge's transport).
   *
   * @return a live, thread-safe view
   */
  static List<VendorCallListener> registered() {
    return Registry.LISTENERS;
  }

  /** A listener's registration. */
  @FunctionalInterface
  interface Registration extends AutoCloseable {
    /** Unregisters the listener. */
    @Override
    void close();
  }

  /** Holder of the registered listeners. */
  final class Registry {
    static final List<VendorCallListener> LISTENERS = new CopyOnWriteArrayList<>();

    private Registry() {}
  }
}
