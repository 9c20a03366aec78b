package gamegrid.protocol.map.store;

/**
 * What became of a conditional write: {@code STORED} (with the new CAS unique), {@code CONFLICT} (the CAS
 * unique no longer matches, or {@code add} found the key taken) or {@code MISSING} (no such key).
 */
public record Write(Outcome outcome, long cas) {
    public enum Outcome { STORED, CONFLICT, MISSING }

    static final Write CONFLICT = new Write(Outcome.CONFLICT, 0);
    static final Write MISSING = new Write(Outcome.MISSING, 0);

    public boolean stored() {
        return outcome == Outcome.STORED;
    }
}
