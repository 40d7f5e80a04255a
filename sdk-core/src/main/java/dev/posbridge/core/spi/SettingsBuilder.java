package dev.posbridge.core.spi;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * The builder of an immutable settings record, written once for every such record: it starts
 * from an instance (the record's defaults, or the settings being changed), replaces one
 * component per setter and builds a new instance through the record's canonical constructor,
 * which validates the values together. So a settings record declares each component once, in its
 * header, and its builder adds only one named setter per component; no builder field, copy or
 * constructor call restates the components.
 *
 * <p>A setter checks its argument at once (with {@link Checks}) and hands it to
 * {@link #set(String, Object)} under the component's name:
 *
 * <pre>{@code
 * public static final class Builder extends SettingsBuilder<TimeoutSettings, Builder> {
 *   private Builder(TimeoutSettings start) {
 *     super(start);
 *   }
 *
 *   public Builder read(Duration value) {
 *     return set("read", Checks.positive(value, "read"));
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 *
 * @param <R> the settings record
 * @param <B> the record's builder, which the setters return
 */
public abstract class SettingsBuilder<R extends Record, B extends SettingsBuilder<R, B>> {

  private final Constructor<R> canonical;
  private final RecordComponent[] components;
  private final Object[] values;

  /**
   * Starts a builder holding the components of {@code start}.
   *
   * @param start the settings to start from, usually the defaults or the settings to change
   * @throws IllegalStateException if the record's canonical constructor and accessors cannot be
   *     called from here (a record that is not public)
   */
  protected SettingsBuilder(R start) {
    @SuppressWarnings("unchecked") // a record class is final: the class of an R is R itself
    Class<R> type = (Class<R>) start.getClass();
    RecordComponent[] all = type.getRecordComponents();
    this.components = all;
    this.values = new Object[all.length];
    Class<?>[] types = new Class<?>[all.length];
    try {
      for (int i = 0; i < all.length; i++) {
        types[i] = all[i].getType();
        values[i] = all[i].getAccessor().invoke(start);
      }
      this.canonical = type.getDeclaredConstructor(types);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the components of " + type.getName(), e);
    }
  }

  /**
   * Replaces one component; the setters of the concrete builder call it with their checked
   * argument.
   *
   * @param component the component's name, as in the record header
   * @param value the new value, already checked
   * @return this builder
   * @throws IllegalStateException if the record has no component of that name (a programming
   *     error in the concrete builder)
   */
  protected final B set(String component, Object value) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(component)) {
        values[i] = value;
        @SuppressWarnings("unchecked") // B is the concrete builder, by the class's contract
        B self = (B) this;
        return self;
      }
    }
    throw new IllegalStateException("no component " + component + " in " + canonical.getName());
  }

  /**
   * Builds the settings through the record's canonical constructor.
   *
   * @return immutable settings
   * @throws IllegalArgumentException if the record rejects the values together (for example a
   *     minimum longer than its maximum)
   */
  public R build() {
    try {
      return canonical.newInstance(values.clone());
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException invalid) {
        throw invalid;
      }
      throw new IllegalStateException("cannot build " + canonical.getName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + canonical.getName(), e);
    }
  }
}
