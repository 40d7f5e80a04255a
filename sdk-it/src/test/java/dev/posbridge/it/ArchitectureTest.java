package dev.posbridge.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The module map and layering of docs/architecture.md, checked on the compiled main classes of
 * every module of the build (each module's {@code target/classes}; sdk-it is the last module of the
 * reactor, so {@code mvn verify} has built them all). A class belongs to the module whose output
 * folder it was read from, not to the module its package name suggests.
 */
@AnalyzeClasses(locations = ArchitectureTest.ModuleClasses.class,
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The connector modules: each talks to one vendor and knows no other. */
  static final List<String> VENDOR_MODULES = List.of("sdk-square", "sdk-shopify", "sdk-quickbooks", "sdk-netsuite");

  /** Modules on sdk-it's own class path: always built before this test runs. */
  static final List<String> REQUIRED_MODULES = List.of("sdk-core", "sdk-testing", "sdk-square", "sdk-shopify",
      "sdk-quickbooks", "sdk-netsuite");

  @ArchTest
  static final ArchRule onlySdkCoreUsesItsInternalPackages = noClasses()
      .that(notInModule("sdk-core"))
      .should().dependOnClassesThat().resideInAPackage("dev.posbridge.core.internal..")
      .because("other modules build on the documented extension API dev.posbridge.core.spi");

  @ArchTest
  static final ArchRule theModelKnowsNoConnectorSyncOrReconciliation = noClasses()
      .that().resideInAPackage("dev.posbridge.core.model..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.posbridge.core.connect..", "dev.posbridge.core.sync..", "dev.posbridge.core.reconcile..",
          "dev.posbridge.core.internal.sync..", "dev.posbridge.core.internal.reconcile..")
      .because("the canonical model is the bottom layer of sdk-core");

  @ArchTest
  static final ArchRule connectorContractsKnowNoSyncOrReconciliation = noClasses()
      .that().resideInAPackage("dev.posbridge.core.connect..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.posbridge.core.sync..", "dev.posbridge.core.reconcile..",
          "dev.posbridge.core.internal.sync..", "dev.posbridge.core.internal.reconcile..")
      .because("the sync engine and reconciliation are built on the connector contracts, not the reverse");

  @ArchTest
  static final ArchRule vendorModulesDoNotUseEachOthersInternals = classes()
      .that(inAnyModule(VENDOR_MODULES))
      .should(notDependOnInternalsOfAnotherModule())
      .because("an internal package is an implementation detail of the module that declares it");

  @ArchTest
  static final ArchRule vendorModulesDoNotDependOnEachOther = classes()
      .that(inAnyModule(VENDOR_MODULES))
      .should(notDependOnAnotherModuleOf(VENDOR_MODULES))
      .because("each connector depends on sdk-core only, so that an application takes just the vendors it uses");

  /** The module a class was read from: the folder that holds its {@code target/classes}. */
  static Optional<String> moduleOf(JavaClass c) {
    return c.getSource().map(s -> s.getUri().toString()).flatMap(uri -> {
      int end = uri.indexOf("/target/classes/");
      if (end < 0) {
        return Optional.empty();
      }
      String folder = uri.substring(0, end);
      return Optional.of(folder.substring(folder.lastIndexOf('/') + 1));
    });
  }

  static DescribedPredicate<JavaClass> notInModule(String module) {
    return DescribedPredicate.describe("are not in module " + module,
        c -> moduleOf(c).filter(module::equals).isEmpty());
  }

  static DescribedPredicate<JavaClass> inAnyModule(List<String> modules) {
    return DescribedPredicate.describe("are in one of the modules " + modules,
        c -> moduleOf(c).filter(modules::contains).isPresent());
  }

  static ArchCondition<JavaClass> notDependOnInternalsOfAnotherModule() {
    return new ArchCondition<>("not depend on an internal package of another module") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String own = moduleOf(c).orElse("");
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          String pkg = target.getPackageName();
          boolean internal = pkg.startsWith("dev.posbridge.")
              && (pkg.contains(".internal.") || pkg.endsWith(".internal"));
          Optional<String> owner = moduleOf(target);
          if (internal && owner.isPresent() && !owner.get().equals(own)) {
            events.add(SimpleConditionEvent.violated(d,
                d.getDescription() + " (" + own + " uses an internal package of " + owner.get() + ")"));
          }
        }
      }
    };
  }

  static ArchCondition<JavaClass> notDependOnAnotherModuleOf(List<String> modules) {
    return new ArchCondition<>("not depend on another of the modules " + modules) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String own = moduleOf(c).orElse("");
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          Optional<String> other = moduleOf(d.getTargetClass());
          if (other.isPresent() && modules.contains(other.get()) && !other.get().equals(own)) {
            events.add(SimpleConditionEvent.violated(d,
                d.getDescription() + " (" + own + " depends on " + other.get() + ")"));
          }
        }
      }
    };
  }

  /**
   * The compiled main classes of every module beside sdk-it. The modules sdk-it depends on must be
   * there; the others (built before sdk-it in a full build) are checked when present.
   */
  static final class ModuleClasses implements LocationProvider {
    @Override
    public Set<Location> get(Class<?> testClass) {
      Path root = Path.of("").toAbsolutePath().getParent();
      if (root == null || !Files.isDirectory(root.resolve("sdk-core"))) {
        throw new IllegalStateException("run from the sdk-it module folder; the working folder is "
            + Path.of("").toAbsolutePath());
      }
      Set<Location> locations = new LinkedHashSet<>();
      try (Stream<Path> modules = Files.list(root)) {
        modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
            .map(m -> m.resolve("target").resolve("classes"))
            .filter(Files::isDirectory)
            .sorted()
            .forEach(classes -> locations.add(Location.of(classes)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String required : REQUIRED_MODULES) {
        if (!Files.isDirectory(root.resolve(required).resolve("target").resolve("classes"))) {
          throw new IllegalStateException(required + " is not compiled; build with -am");
        }
      }
      return locations;
    }
  }
}
