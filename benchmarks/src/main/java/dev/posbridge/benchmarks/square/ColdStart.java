package dev.posbridge.benchmarks.square;

/**
 * Item 3's child: builds one client and fetches the first SearchOrders page, then prints
 * {@code FIRST <orders>} and exits. The parent times it from process start to that line.
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
    int[] orders = {0};
    try {
      c.pageAll(page -> {
        orders[0] += page.size();
        throw new FirstPage();
      });
    } catch (FirstPage e) {
      System.out.println("FIRST " + orders[0]);
      System.out.flush();
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
