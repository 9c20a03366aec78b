package gamegrid.protocol.link;

import gamegrid.protocol.dispatch.Request;
import gamegrid.protocol.ticket.TicketAuthority;
import java.util.Map;

/** Where a server finds what it registers with, in its environment (never its command line, which ps shows). */
public final class Credentials {
    public static final String DESCRIPTION = Request.Register.CREDENTIAL_ENV + " (set by the dispatcher that launched it) or "
            + TicketAuthority.SECRET_ENV + " (a server started by other means)";

    private Credentials() {
    }

    /** The launch credential if the dispatcher launched this process, else the world's secret; null if neither. */
    public static String fromEnvironment(Map<String, String> environment) {
        String own = environment.get(Request.Register.CREDENTIAL_ENV);
        return own != null && !own.isBlank() ? own : environment.get(TicketAuthority.SECRET_ENV);
    }
}
