package dev.posbridge.netsuite.internal;

import dev.posbridge.core.connect.IdMap;
import dev.posbridge.netsuite.NetSuiteMapping;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * What the capability implementations share.
 *
 * @param api the REST and SuiteQL calls
 * @param mapping the user's mapping
 * @param clock the connector's clock
 * @param zone the account time zone SuiteQL dates are written in
 * @param pageSize the SuiteQL page size
 * @param adjustmentLines the lines per inventory adjustment
 * @param overlap the change feed's overlap window
 * @param initialLookBack how far back a feed started without a cursor reads
 * @param idMap the id map consulted for SKUs and customers the mapping does not name, if any
 * @param resolveSkus whether SKUs still unmapped are looked up by {@code itemid} through SuiteQL
 */
public record Settings(NetSuiteApi api, NetSuiteMapping mapping, Clock clock, ZoneId zone,
    int pageSize, int adjustmentLines, Duration overlap, Duration initialLookBack, @Nullable IdMap idMap,
    boolean resolveSkus) {}
