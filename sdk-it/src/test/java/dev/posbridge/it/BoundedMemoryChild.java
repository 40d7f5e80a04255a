package dev.posbridge.it;

import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.http.HttpConnectorBuilder;

/**
 * Runs in a JVM with {@code -Xmx64m} (started by {@link BoundedMemoryIT}): each connector reads
 * from each URL given and prints one line per attempt, {@code <vendor> <url-index> <outcome>},
 * where the outcome is the exception's class name, {@code ok}, or {@code OutOfMemoryError}.
 */
public final class BoundedMemoryChild {
  private BoundedMemoryChild() {}

  /**
   * Entry point.
   *
   * @param args the base URLs of hostile servers
   * @throws Exception never expected
   */
  public static void main(String[] args) throws Exception {
    HostileVendorTest.Tweak none = new HostileVendorTest.Tweak() {
      @Override
      public <B extends HttpConnectorBuilder<B>> B apply(B b) {
        return b;
      }
    };
    for (HostileVendorTest.Vendor v : HostileVendorTest.Vendor.values()) {
      for (int i = 0; i < args.length; i++) {
        String outcome;
        try (AutoCloseable c = (AutoCloseable) v.connect(args[i], none)) {
          ((CustomerConnector) c).findCustomerByEmail("jane@example.com");
          outcome = "ok";
        } catch (OutOfMemoryError e) {
          outcome = "OutOfMemoryError";
        } catch (Exception e) {
          outcome = e.getClass().getName();
        }
        System.out.println(v + " " + i + " " + outcome);
        System.out.flush();
      }
    }
  }
}
