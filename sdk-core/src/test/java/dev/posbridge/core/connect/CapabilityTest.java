package dev.posbridge.core.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posbridge.core.model.Location;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTest {

  /** Implements only LocationDirectory. */
  private static final class Directory implements LocationDirectory {
    @Override
    public List<Location> locations() {
      return List.of();
    }

    @Override
    public String system() {
      return "test";
    }

    @Override
    public Set<Capability> capabilities() {
      return Capability.of(this, Capability.WEBHOOKS);
    }

    @Override
    public void close() {}
  }

  @Test
  void derivesTheCapabilitiesFromTheImplementedInterfacesPlusTheNamedExtras() {
    assertThat(new Directory().capabilities()).containsExactlyInAnyOrder(Capability.LOCATIONS, Capability.WEBHOOKS);
    assertThat(Capability.of(new Directory())).containsExactly(Capability.LOCATIONS);
  }

  @Test
  void theDerivedSetIsImmutable() {
    Set<Capability> set = new Directory().capabilities();
    assertThatThrownBy(() -> set.add(Capability.INVENTORY)).isInstanceOf(UnsupportedOperationException.class);
  }
}
