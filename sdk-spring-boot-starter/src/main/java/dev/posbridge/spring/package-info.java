/**
 * The posbridge Spring Boot starter: add {@code dev.posbridge:sdk-spring-boot-starter}, set
 * {@code posbridge.*} properties, and the connectors, the outbox, the sync engine, its pollers and
 * nightly reconciliations run with the application; webhooks, the operator's page, an Actuator
 * health indicator and dead-letter endpoint, and Micrometer meters come with it. See
 * {@link dev.posbridge.spring.PosbridgeProperties} for every setting and
 * {@link dev.posbridge.spring.PosbridgeAutoConfiguration} for the beans (each backs off when the
 * application defines its own).
 */
@NullMarked
package dev.posbridge.spring;

import org.jspecify.annotations.NullMarked;
