package vn.ketnoi.testkit.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import vn.ketnoi.core.exchange.ServiceId;

/**
 * Which service of the sandbox a request reached: each service's id and the path prefix the
 * sandbox mounts it at (protocol section 4, version 2). The provider compares a signature's
 * {@code srv} with the id of the mount the request arrived under, and its {@code pth} with the
 * received path after that prefix; neither depends on the host, port or prefix a gateway used on
 * the way. Thread-safe.
 */
public final class ServiceMounts {
    /** The population service's id in the sandbox; the SDK's {@code PopulationClient.SERVICE}. */
    public static final ServiceId POPULATION = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
    /** The e-documents service's id in the sandbox; the SDK's {@code EdocumentsClient.SERVICE}. */
    public static final ServiceId EDOCUMENTS = ServiceId.parse("VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1");
    /** The sandbox's own test-write service ({@link TestWriteOperation}): not part of the protocol. */
    public static final ServiceId TEST_WRITES = ServiceId.parse("VN/GOV/SANDBOX.BCA/SANDBOX/testing/v1");

    /** One service at one path prefix (without a trailing {@code /}). */
    public record Mount(String prefix, ServiceId service) {
    }

    private final List<Mount> mounts = new CopyOnWriteArrayList<>(List.of(
            new Mount("/population/v1", POPULATION),
            new Mount("/edocuments/v1", EDOCUMENTS),
            new Mount("/_sandbox/v1", TEST_WRITES)));

    /** Mounts one more service (or the same id a second time, at another prefix). */
    public void add(Mount mount) {
        mounts.add(0, mount);
    }

    /** {@return the mounts, the last added first} */
    public List<Mount> all() {
        return List.copyOf(mounts);
    }

    /**
     * The mount a canonical request-target is under, at a {@code /} or {@code ?} boundary; the
     * longest prefix wins. {@code null} when the request reached no service.
     */
    public Mount of(String canonicalTarget) {
        Mount best = null;
        for (Mount m : mounts) {
            String p = m.prefix();
            boolean under = canonicalTarget.equals(p) || canonicalTarget.startsWith(p + "/")
                    || canonicalTarget.startsWith(p + "?");
            if (under && (best == null || p.length() > best.prefix().length())) {
                best = m;
            }
        }
        return best;
    }

    /** The path within the mount's service, with the query: what {@code pth} must equal. */
    public static String within(Mount mount, String canonicalTarget) {
        String rest = canonicalTarget.substring(mount.prefix().length());
        return rest.isEmpty() || rest.startsWith("?") ? "/" + rest : rest;
    }
}
