package gamegrid.dispatcher;

import gamegrid.protocol.ConnectionLimiter;
import gamegrid.protocol.RepeatedWarnings;

/**
 * What every connection handler of one dispatcher shares: the way into the fleet, who may report loads,
 * the connection and seat limits, the rate-limited warnings peers can cause, and who is told of every answer.
 */
record FrontDoor(FleetDesk desk, ReportPolicy reportPolicy, ConnectionLimiter limiter, SeatQuota seatQuota,
                 RepeatedWarnings warnings, RequestObserver observer, int maxLineLength) {
}
