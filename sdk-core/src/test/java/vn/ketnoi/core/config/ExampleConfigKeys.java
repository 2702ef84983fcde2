package vn.ketnoi.core.config;

import java.util.List;

import vn.ketnoi.core.spi.ConfigKeys;

/** A module's keys, as a service module would declare them; ConfigLoaderTest registers it. */
public final class ExampleConfigKeys implements ConfigKeys {
    /** The keys of a made-up module, one of a few types. */
    static final List<Key> KEYS = List.of(
            new Key("ketnoi.example.timeout", Type.DURATION, "5s", "How long the example waits."),
            new Key("ketnoi.example.url", Type.URL, null, "Where the example calls."),
            new Key("ketnoi.example.token", Type.SECRET, null, "The example's secret."),
            new Key("ketnoi.example.hosts", Type.LIST, null, "Hosts the example knows."));

    /** For the ServiceLoader. */
    public ExampleConfigKeys() {
    }

    @Override
    public List<Key> keys() {
        return KEYS;
    }
}
