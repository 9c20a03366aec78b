package gamegrid.protocol.map.store;

import java.util.Objects;

/** A stored value with the CAS unique memcached gave its last write. */
public record Item(String value, long cas) {
    public Item {
        Objects.requireNonNull(value, "value");
    }
}
