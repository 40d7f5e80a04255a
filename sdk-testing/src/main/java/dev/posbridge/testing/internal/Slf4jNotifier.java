package dev.posbridge.testing.internal;

import com.github.tomakehurst.wiremock.common.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes WireMock's own messages to SLF4J: info at DEBUG, errors at WARN. */
public final class Slf4jNotifier implements Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Slf4jNotifier.class);

  /** Creates the notifier. */
  public Slf4jNotifier() {}

  @Override
  public void info(String message) {
    LOG.debug("{}", message);
  }

  @Override
  public void error(String message) {
    LOG.warn("{}", message);
  }

  @Override
  public void error(String message, Throwable t) {
    LOG.warn("{}", message, t);
  }
}
