/**
 * NetSuite connector: SuiteTalk REST record API and SuiteQL, authenticated with OAuth 2.0 client
 * credentials or Token-Based Authentication (see {@link dev.posbridge.netsuite.NetSuiteAuth}).
 *
 * <p>Start with {@link dev.posbridge.netsuite.NetSuiteConnector#builder()} and a
 * {@link dev.posbridge.netsuite.NetSuiteMapping}. NetSuite has no outbound webhooks: the connector
 * offers a polling {@link dev.posbridge.core.connect.ChangeFeed} instead.
 */
@NullMarked
package dev.posbridge.netsuite;

import org.jspecify.annotations.NullMarked;
