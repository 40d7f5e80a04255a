package dev.posbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertAll;

import dev.posbridge.core.connect.BookedSalesReader;
import dev.posbridge.core.connect.Capability;
import dev.posbridge.core.connect.CatalogConnector;
import dev.posbridge.core.connect.ChangeFeed;
import dev.posbridge.core.connect.Connector;
import dev.posbridge.core.connect.CustomerConnector;
import dev.posbridge.core.connect.InventoryConnector;
import dev.posbridge.core.connect.LocationDirectory;
import dev.posbridge.core.connect.SalesSink;
import dev.posbridge.core.connect.SalesSource;
import dev.posbridge.core.http.RateLimiter;
import dev.posbridge.netsuite.NetSuiteConnector;
import dev.posbridge.netsuite.NetSuiteMapping;
import dev.posbridge.quickbooks.QuickBooksConnector;
import dev.posbridge.shopify.ShopifyConnector;
import dev.posbridge.square.SquareConnector;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * One shape for every vendor module, checked by reflection so that a module that drifts fails here
 * rather than in a user's IDE: the builder authenticates through one {@code credentials(XAuth)},
 * sets {@code apiVersion(String)}, {@code rateLimiter(RateLimiter)} and {@code baseUrl(String)};
 * a missing required setting is an {@link IllegalStateException} that names it; there is no other
 * credential setter; the webhook verifier starts from {@code builder()}; {@code capabilities()}
 * is immutable and matches the interfaces the connector implements; a mapping is {@code XMapping}
 * and SKU look-up settings are on the builder; the facade extends the shared
 * {@code VendorConnector}; and no public signature of
 * the module exposes a type from an {@code internal} package (those are left out of the javadoc).
 */
class VendorModuleConventionTest {

  /** The capability interfaces, written out here rather than taken from {@code Capability.of}. */
  private static final Map<Capability, Class<?>> INTERFACES = Map.of(
      Capability.SALES_SOURCE, SalesSource.class,
      Capability.SALES_SINK, SalesSink.class,
      Capability.INVENTORY, InventoryConnector.class,
      Capability.CUSTOMERS, CustomerConnector.class,
      Capability.CATALOG, CatalogConnector.class,
      Capability.CHANGE_FEED, ChangeFeed.class,
      Capability.LOCATIONS, LocationDirectory.class,
      Capability.BOOKED_SALES, BookedSalesReader.class);

  /**
   * One vendor module.
   *
   * @param prefix the vendor prefix of its public types, e.g. {@code Square}
   * @param connector the connector class
   * @param hasWebhooks whether the vendor sends webhooks (then {@code <prefix>WebhookVerifier} exists)
   * @param required sets every required builder setting except the credentials
   */
  private record Module(String prefix, Class<? extends Connector> connector, boolean hasWebhooks,
      UnaryOperator<Object> required) {

    String apiPackage() {
      return connector.getPackageName();
    }

    Class<?> builderType() {
      return method(connector, "builder").getReturnType();
    }

    Object newBuilder() {
      return invoke(method(connector, "builder"), null);
    }

    Class<?> auth() {
      Class<?> auth = authOrNull();
      if (auth == null) {
        throw new AssertionError(prefix + ": no public " + apiPackage() + "." + prefix + "Auth");
      }
      return auth;
    }

    @Nullable Class<?> authOrNull() {
      try {
        return Class.forName(apiPackage() + "." + prefix + "Auth");
      } catch (ClassNotFoundException e) {
        return null;
      }
    }

    /** An auth value from the module's {@code accessToken(String)} factory. */
    Object sampleAuth() {
      Method factory = findMethod(auth(), "accessToken", String.class);
      assertThat(factory).as(prefix + "Auth.accessToken(String)").isNotNull();
      return invoke(factory, null, "convention-test-token");
    }
  }

  private static final Module SQUARE = new Module("Square", SquareConnector.class, true, b -> b);

  private static final Module SHOPIFY = new Module("Shopify", ShopifyConnector.class, true,
      b -> ((ShopifyConnector.Builder) b).shopDomain("convention.myshopify.com"));

  private static final Module NETSUITE = new Module("NetSuite", NetSuiteConnector.class, false,
      b -> ((NetSuiteConnector.Builder) b).accountId("1234567")
          .mapping(NetSuiteMapping.builder().subsidiary("1").build()));

  /** By name only, so that this file keeps compiling while the QuickBooks facade changes. */
  private static final Module QUICKBOOKS = new Module("QuickBooks", QuickBooksConnector.class, true, b -> {
    Object withRealm = invoke(method(b.getClass(), "realmId", String.class), b, "9130");
    Class<?> mappingType = null;
    for (Method m : b.getClass().getMethods()) {
      if (m.getName().equals("mapping") && m.getParameterCount() == 1) {
        mappingType = m.getParameterTypes()[0];
      }
    }
    if (mappingType == null) {
      return withRealm;
    }
    Object mappingBuilder = invoke(method(mappingType, "builder"), null);
    Method deposit = findMethod(mappingBuilder.getClass(), "defaultDepositAccount", String.class);
    if (deposit != null) {
      invoke(deposit, mappingBuilder, "35");
    }
    Object mapping = invoke(method(mappingBuilder.getClass(), "build"), mappingBuilder);
    return invoke(method(b.getClass(), "mapping", mappingType), withRealm, mapping);
  });

  @Test
  void squareFollowsTheModuleConventions() {
    check(SQUARE);
  }

  @Test
  void shopifyFollowsTheModuleConventions() {
    check(SHOPIFY);
  }

  @Test
  void netSuiteFollowsTheModuleConventions() {
    check(NETSUITE);
  }

  @Test
  void quickBooksFollowsTheModuleConventions() {
    check(QUICKBOOKS);
  }

  /** Runs every check and reports all that fail, not only the first. */
  private static void check(Module m) {
    assertAll(m.prefix,
        () -> builderHasTheCommonSetters(m),
        () -> authIsAClassOfStaticFactories(m),
        () -> noOtherCredentialSetter(m),
        () -> missingRequiredSettingsAreNamedIllegalStates(m),
        () -> webhookVerifierStartsFromABuilder(m),
        () -> capabilitiesAreImmutableAndMatchTheInterfaces(m),
        () -> mappingIsNamedForTheVendorAndSkuSettingsAreOnTheBuilder(m),
        () -> facadeBuildsOnTheSharedVendorConnector(m),
        () -> noPublicSignatureExposesAnInternalType(m));
  }

  /**
   * A module with a mapping calls it {@code <prefix>Mapping}, in its API package, and takes it in
   * {@code mapping(..)}; how SKUs are looked up ({@code resolveSkus}, {@code idMap}) is set on the
   * connector's builder in every module, never on a mapping.
   */
  private static void mappingIsNamedForTheVendorAndSkuSettingsAreOnTheBuilder(Module m) {
    Set<String> skuSettings = Set.of("resolveSkus", "lookUpSkus", "idMap");
    for (Method s : m.builderType().getMethods()) {
      if (!s.getName().equals("mapping") || s.getParameterCount() != 1) {
        continue;
      }
      Class<?> mapping = s.getParameterTypes()[0];
      assertThat(mapping.getName()).as(m.prefix + " builder mapping(..) takes the vendor's mapping")
          .isEqualTo(m.apiPackage() + "." + m.prefix + "Mapping");
      Method builder = findMethod(mapping, "builder");
      List<String> onTheMapping = new ArrayList<>();
      for (Class<?> type : builder == null ? List.<Class<?>>of(mapping) : List.of(mapping, builder.getReturnType())) {
        for (Method x : type.getMethods()) {
          if (skuSettings.contains(x.getName())) {
            onTheMapping.add(type.getSimpleName() + "." + x.getName());
          }
        }
      }
      assertThat(onTheMapping).as(m.prefix + ": SKU look-up settings belong on the connector's builder").isEmpty();
    }
  }

  /** The customer, catalog and stock methods and close() come from one shared base, not copies. */
  private static void facadeBuildsOnTheSharedVendorConnector(Module m) {
    assertThat(dev.posbridge.core.spi.VendorConnector.class.isAssignableFrom(m.connector))
        .as(m.prefix + "Connector extends dev.posbridge.core.spi.VendorConnector").isTrue();
  }

  private static void builderHasTheCommonSetters(Module m) {
    Class<?> b = m.builderType();
    assertThat(findSetter(b, "credentials", m.auth())).as(m.prefix + " builder credentials(" + m.prefix + "Auth)")
        .isNotNull();
    for (Object[] setter : new Object[][] {
        {"apiVersion", String.class}, {"rateLimiter", RateLimiter.class}, {"baseUrl", String.class}}) {
      Method s = findSetter(b, (String) setter[0], (Class<?>) setter[1]);
      assertThat(s).as(m.prefix + " builder " + setter[0] + "(" + ((Class<?>) setter[1]).getSimpleName() + ")")
          .isNotNull();
      assertThat(s.getReturnType().isAssignableFrom(b)).as(setter[0] + " returns the builder").isTrue();
      assertThat(s.isAnnotationPresent(Deprecated.class)).as(setter[0] + " is not deprecated").isFalse();
    }
    Method build = findMethod(b, "build");
    assertThat(build).as(m.prefix + " builder build()").isNotNull();
    assertThat(build.getReturnType()).isEqualTo(m.connector);
    Method version = findMethod(m.connector, "apiVersion");
    assertThat(version).as(m.prefix + "Connector.apiVersion()").isNotNull();
    assertThat(version.getReturnType()).isEqualTo(String.class);
    Field defaultVersion = findField(m.connector, "DEFAULT_API_VERSION");
    assertThat(defaultVersion).as(m.prefix + "Connector.DEFAULT_API_VERSION").isNotNull();
    assertThat(defaultVersion.getType()).isEqualTo(String.class);
  }

  private static void authIsAClassOfStaticFactories(Module m) {
    Class<?> auth = m.auth();
    assertThat(Modifier.isFinal(auth.getModifiers())).as(auth.getSimpleName() + " is final").isTrue();
    assertThat(auth.getConstructors()).as(auth.getSimpleName() + " has no public constructor").isEmpty();
    List<Method> factories = Arrays.stream(auth.getDeclaredMethods())
        .filter(x -> Modifier.isPublic(x.getModifiers()) && Modifier.isStatic(x.getModifiers())).toList();
    assertThat(factories).as(auth.getSimpleName() + " factories").isNotEmpty()
        .allSatisfy(f -> assertThat(f.getReturnType()).as(f.getName()).isEqualTo(auth));
    assertThat(m.sampleAuth().toString()).doesNotContain("convention-test-token");
  }

  /** One way to authenticate: {@code credentials(XAuth)} is the builder's only credential setter. */
  private static void noOtherCredentialSetter(Module m) {
    Set<String> names = Set.of("credentials", "accessToken", "expiringToken", "oauth2", "tokenStore");
    Method current = findSetter(m.builderType(), "credentials", m.auth());
    List<String> others = new ArrayList<>();
    for (Method s : m.builderType().getMethods()) {
      if (names.contains(s.getName()) && s.getParameterCount() > 0 && !s.equals(current)) {
        others.add(s.toGenericString());
      }
    }
    assertThat(others).as(m.prefix + " builder: credential setters besides credentials(" + m.prefix + "Auth)")
        .isEmpty();
  }

  private static void missingRequiredSettingsAreNamedIllegalStates(Module m) {
    Set<String> setters = new TreeSet<>();
    for (Method s : m.builderType().getMethods()) {
      setters.add(s.getName());
    }
    Method build = method(m.builderType(), "build");
    assertThatThrownBy(() -> invokeOrThrow(build, m.newBuilder()))
        .as(m.prefix + ": build() of an empty builder").isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(setters).as("names a setting: " + e.getMessage())
            .anyMatch(name -> e.getMessage() != null && e.getMessage().contains(name)));
    assertThatThrownBy(() -> invokeOrThrow(build, m.required.apply(m.newBuilder())))
        .as(m.prefix + ": build() without credentials").isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("credentials");
  }

  private static void webhookVerifierStartsFromABuilder(Module m) {
    String name = m.apiPackage() + "." + m.prefix + "WebhookVerifier";
    Class<?> verifier;
    try {
      verifier = Class.forName(name);
    } catch (ClassNotFoundException e) {
      verifier = null;
    }
    if (!m.hasWebhooks) {
      assertThat(verifier).as(name + " exists though the vendor sends no webhooks").isNull();
      return;
    }
    assertThat(verifier).as(name).isNotNull();
    Method builder = findMethod(verifier, "builder");
    assertThat(builder).as(name + ".builder()").isNotNull();
    assertThat(Modifier.isStatic(builder.getModifiers())).isTrue();
    assertThat(findMethod(builder.getReturnType(), "build")).as(name + ".builder().build()").isNotNull();
  }

  private static void capabilitiesAreImmutableAndMatchTheInterfaces(Module m) throws Exception {
    Object b = m.required.apply(m.newBuilder());
    Method credentials = findSetter(m.builderType(), "credentials", m.auth());
    assertThat(credentials).as(m.prefix + " builder credentials(" + m.prefix + "Auth)").isNotNull();
    invoke(credentials, b, m.sampleAuth());
    try (Connector c = (Connector) invoke(method(m.builderType(), "build"), b)) {
      Set<Capability> expected = EnumSet.noneOf(Capability.class);
      INTERFACES.forEach((capability, type) -> {
        if (type.isInstance(c)) {
          expected.add(capability);
        }
      });
      if (m.hasWebhooks) {
        expected.add(Capability.WEBHOOKS);
      }
      Set<Capability> actual = c.capabilities();
      assertThat(actual).as(m.prefix + " capabilities").containsExactlyInAnyOrderElementsOf(expected);
      assertThat(c.capabilities()).as("the same set each time").isEqualTo(actual);
      for (Capability capability : Capability.values()) {
        assertThatThrownBy(() -> actual.add(capability)).as(m.prefix + " capabilities().add")
            .isInstanceOf(UnsupportedOperationException.class);
      }
      assertThatThrownBy(actual::clear).as(m.prefix + " capabilities().clear")
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  private static void noPublicSignatureExposesAnInternalType(Module m) throws Exception {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> types = publicApiTypes(m);
    assertThat(types).as(m.prefix + " public types").contains(m.connector);
    for (Class<?> type : types) {
      checkType(type.getGenericSuperclass(), type + " extends", leaks);
      for (Type i : type.getGenericInterfaces()) {
        checkType(i, type + " implements", leaks);
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          checkType(f.getGenericType(), f.toString(), leaks);
        }
      }
      List<Executable> members = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
      for (Constructor<?> k : type.getDeclaredConstructors()) {
        members.add(k);
      }
      for (Executable e : members) {
        if (!visible(e.getModifiers()) || e.isSynthetic()) {
          continue;
        }
        if (e instanceof Method method) {
          checkType(method.getGenericReturnType(), e.toString(), leaks);
        }
        for (Type p : e.getGenericParameterTypes()) {
          checkType(p, e.toString(), leaks);
        }
        for (Type x : e.getGenericExceptionTypes()) {
          checkType(x, e.toString(), leaks);
        }
      }
    }
    assertThat(leaks).as(m.prefix + ": public signatures naming internal types").isEmpty();
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkType(@Nullable Type t, String where, List<String> leaks) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.getPackageName().contains(".internal")) {
        leaks.add(where + " -> " + c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      checkType(p.getRawType(), where, leaks);
      for (Type a : p.getActualTypeArguments()) {
        checkType(a, where, leaks);
      }
    } else if (t instanceof WildcardType w) {
      Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds()))
          .forEach(b -> checkType(b, where, leaks));
    } else if (t instanceof GenericArrayType g) {
      checkType(g.getGenericComponentType(), where, leaks);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        if (b != Object.class) {
          checkType(b, where, leaks);
        }
      }
    }
  }

  /** The public (and public nested) classes of the module's non-internal packages. */
  private static List<Class<?>> publicApiTypes(Module m) throws IOException, URISyntaxException {
    Path location = Path.of(m.connector.getProtectionDomain().getCodeSource().getLocation().toURI());
    String base = m.apiPackage().replace('.', '/') + "/";
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location.resolve(base))) {
        files.filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> names.add(location.relativize(f).toString().replace('\\', '/')));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(base) && n.endsWith(".class"))
            .forEach(names::add);
      }
    }
    List<Class<?>> types = new ArrayList<>();
    for (String name : names) {
      String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      if (className.contains(".internal.") || className.endsWith("package-info")) {
        continue;
      }
      Class<?> c;
      try {
        c = Class.forName(className, false, VendorModuleConventionTest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      if (isPublicApi(c)) {
        types.add(c);
      }
    }
    return types;
  }

  private static boolean isPublicApi(Class<?> c) {
    for (Class<?> x = c; x != null; x = x.getEnclosingClass()) {
      if (!Modifier.isPublic(x.getModifiers()) || x.isAnonymousClass() || x.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Method findMethod(Class<?> type, String name, Class<?>... parameters) {
    try {
      return type.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /**
   * A public one-argument method of the builder taking {@code parameter}: declared with that type,
   * or with a type variable of a generic superclass that the builder binds to it (as
   * {@code credentials(A)} of {@code VendorConnectorBuilder<B, A>}).
   */
  private static @Nullable Method findSetter(Class<?> builder, String name, Class<?> parameter) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    for (Class<?> c = builder; c != null; c = c.getSuperclass()) {
      if (c.getGenericSuperclass() instanceof ParameterizedType p) {
        TypeVariable<?>[] variables = ((Class<?>) p.getRawType()).getTypeParameters();
        for (int i = 0; i < variables.length; i++) {
          bindings.put(variables[i], p.getActualTypeArguments()[i]);
        }
      }
    }
    for (Method s : builder.getMethods()) {
      if (!s.getName().equals(name) || s.getParameterCount() != 1) {
        continue;
      }
      Type t = s.getGenericParameterTypes()[0];
      while (t instanceof TypeVariable<?> v) {
        Type bound = bindings.get(v);
        if (bound == null) {
          break;
        }
        t = bound;
      }
      if (t == parameter) {
        return s;
      }
    }
    return null;
  }

  private static @Nullable Field findField(Class<?> type, String name) {
    try {
      return type.getField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Method method(Class<?> type, String name, Class<?>... parameters) {
    Method m = findMethod(type, name, parameters);
    if (m == null) {
      fail(type.getName() + "." + name + Arrays.toString(parameters) + " is missing");
    }
    return m;
  }

  private static Object invoke(Method method, @Nullable Object target, Object... args) {
    try {
      return invokeOrThrow(method, target, args);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }

  /** Invokes, rethrowing what the method threw. */
  private static Object invokeOrThrow(Method method, @Nullable Object target, Object... args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
