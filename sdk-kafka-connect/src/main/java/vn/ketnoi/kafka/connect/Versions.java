package vn.ketnoi.kafka.connect;

/** The connectors' version, as Connect reports it. */
final class Versions {
    static final String VERSION;

    static {
        String v = Versions.class.getPackage().getImplementationVersion();
        VERSION = v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private Versions() {
    }
}
