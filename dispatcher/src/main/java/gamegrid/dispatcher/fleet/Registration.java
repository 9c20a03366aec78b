package gamegrid.dispatcher.fleet;

/** A server's accepted registration: what its control link reports for, and the handle the fleet knows it by. */
public record Registration(String kind, ServerAddress address, ControlLink link) {
}
