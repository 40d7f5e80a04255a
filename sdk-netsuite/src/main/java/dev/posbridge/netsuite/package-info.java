/**
 * NetSuite connector: SuiteTalk REST record API and SuiteQL, authenticated with OAuth 2.0 client
 * credentials ({@link dev.posbridge.netsuite.ClientCredentialsAuth}) or Token-Based Authentication
 * ({@link dev.posbridge.netsuite.TokenBasedAuth}).
 *
 * <p>Start with {@link dev.posbridge.netsuite.NetSuiteConnector#builder()} and a
 * {@link dev.posbridge.netsuite.NetSuiteMapping}. NetSuite has no outbound webhooks: the connector
 * offers a polling {@link dev.posbridge.core.connect.ChangeFeed} instead.
 */
@NullMarked
package dev.posbridge.netsuite;

import org.jspecify.annotations.NullMarked;
