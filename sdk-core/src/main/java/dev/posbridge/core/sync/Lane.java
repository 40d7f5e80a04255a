package dev.posbridge.core.sync;

import dev.posbridge.core.connect.Connector;

/**
 * One (target system, action) stream of deliveries: its outbox event type, connector and the most
 * deliveries one vendor call may carry ({@code 1}: no batching).
 */
record Lane(String sink, SyncAction action, String type, int batchMax, Connector connector) {

  static Lane of(String sink, SyncAction action, int batchMax, Connector connector) {
    return new Lane(sink, action, Router.laneType(sink, action), Math.max(1, batchMax), connector);
  }

  boolean batched() {
    return batchMax > 1;
  }
}
