package gamegrid.dispatcher;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may change loads: battle servers that prove they hold the dispatcher's secret, and, for old
 * deployments, one-shot {@code add}/{@code del} reports from explicitly allowed addresses.
 */
final class ReportPolicy {
    private final byte[] secret;
    private final Set<InetAddress> legacyAddresses;

    ReportPolicy(String secret, Set<String> legacyAddresses) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.legacyAddresses = legacyAddresses.stream().map(ReportPolicy::resolve).collect(Collectors.toUnmodifiableSet());
    }

    /** Compares in constant time, so response timing does not leak the secret. */
    boolean secretMatches(String offered) {
        return MessageDigest.isEqual(secret, offered.getBytes(StandardCharsets.UTF_8));
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
