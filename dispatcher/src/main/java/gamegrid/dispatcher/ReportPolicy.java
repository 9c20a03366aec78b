package gamegrid.dispatcher;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may change loads without a control link: for old deployments, one-shot {@code add}/{@code del}
 * reports from explicitly allowed addresses. (Registered servers prove themselves to the fleet.)
 */
final class ReportPolicy {
    private final Set<InetAddress> legacyAddresses;

    ReportPolicy(Set<String> legacyAddresses) {
        this.legacyAddresses = legacyAddresses.stream().map(ReportPolicy::resolve).collect(Collectors.toUnmodifiableSet());
    }

    boolean acceptsLegacyReportFrom(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && legacyAddresses.contains(inet.getAddress());
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("security.legacy-report-addresses: unknown address " + address, e);
        }
    }
}
