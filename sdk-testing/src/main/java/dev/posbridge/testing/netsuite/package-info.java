/**
 * A stateful NetSuite SuiteTalk REST simulator: TBA and OAuth 2.0 verification, the record API,
 * SuiteQL, inventory, the account concurrency limit and NetSuite's error envelope. Start with
 * {@link dev.posbridge.testing.netsuite.NetSuiteSimulator#start()}.
 */
@NullMarked
package dev.posbridge.testing.netsuite;

import org.jspecify.annotations.NullMarked;
