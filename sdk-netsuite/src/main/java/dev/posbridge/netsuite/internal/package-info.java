/**
 * Internals of the NetSuite connector: OAuth 1.0a signing, JWT assertions, SuiteQL paging, record
 * mapping and error mapping. Not API: may change in any release.
 */
@NullMarked
package dev.posbridge.netsuite.internal;

import org.jspecify.annotations.NullMarked;
