package dev.posbridge.benchmarks.square;

/**
 * Item 3's child: builds one client and fetches the first SearchOrders page, prints
 * {@code FIRST <orders>} (the parent times it from process start to that line), fetches the
 * second page, prints {@code SECOND <ms from the first page to the second>} and exits.
 */
public final class ColdStart {
  private ColdStart() {}

  /**
   * Entry point.
   *
   * @param args the client (posbridge, sdk, raw) and the stub's base URL
   */
  public static void main(String[] args) {
    PagingClients.Client c = PagingClients.create(args[0], args[1]);
    int[] pages = {0};
    long[] firstAt = {0};
    try {
      c.pageAll(page -> {
        if (++pages[0] == 1) {
          firstAt[0] = System.nanoTime();
          System.out.println("FIRST " + page.size());
          System.out.flush();
          return;
        }
        System.out.printf(java.util.Locale.ROOT, "SECOND %.3f%n", (System.nanoTime() - firstAt[0]) / 1e6);
        System.out.flush();
        throw new FirstPage();
      });
    } catch (FirstPage e) {
      // stop after the second page
    }
    System.exit(0);
  }

  /** Stops after the first page. */
  private static final class FirstPage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FirstPage() {
      super(null, null, false, false);
    }
  }
}
