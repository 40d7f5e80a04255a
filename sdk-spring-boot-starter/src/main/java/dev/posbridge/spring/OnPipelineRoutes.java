package dev.posbridge.spring;

import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code posbridge.pipeline} names at least one target (sales sink, inventory or
 * customer connector): a pipeline without targets has nothing to deliver to.
 */
final class OnPipelineRoutes implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Binder binder = Binder.get(context.getEnvironment());
    for (String role : List.of("sales-sinks", "inventory", "customers")) {
      List<String> names = binder.bind("posbridge.pipeline." + role, Bindable.listOf(String.class))
          .orElse(List.of());
      if (!names.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
