package gamegrid.dispatcher.admin;

/**
 * The dispatcher's admin HTTP port: metrics, the status page and operator actions.
 *
 * @param enabled whether it listens at all
 * @param host    address it binds; loopback unless the operator says otherwise
 * @param port    port it binds (0: any free port, for tests)
 */
public record AdminConfig(boolean enabled, String host, int port) {
}
