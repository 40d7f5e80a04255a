package dev.posbridge.core.internal.sync;

/**
 * The settings of one built object (a poller, a reconciler, a webhook ingress...), in one place:
 * its builder fills them, and its {@code build()} validates them and hands the object a
 * {@link #shallowCopy() copy} that the builder no longer writes to, so the built object reads its
 * settings from that copy, unchanged for its lifetime, and the builder may build again. A subclass
 * replaces the mutable collections of its copy with immutable ones.
 */
public abstract class BuilderConfig implements Cloneable {

  /** Creates settings with the subclass's defaults. */
  protected BuilderConfig() {}

  /**
   * Returns a field-by-field copy of these settings.
   *
   * @return the copy, of the subclass's type
   */
  protected final Object shallowCopy() {
    try {
      return super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }
}
