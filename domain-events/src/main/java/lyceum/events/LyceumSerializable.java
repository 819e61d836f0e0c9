package lyceum.events;

/**
 * Marker for every message and event that crosses the wire or enters the journal. Bound to Jackson CBOR
 * in serialization.conf, so no Java serialization is ever used.
 */
public interface LyceumSerializable {}
