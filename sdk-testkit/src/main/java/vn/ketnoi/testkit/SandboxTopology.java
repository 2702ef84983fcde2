package vn.ketnoi.testkit;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * How a test's clients reach the sandbox: straight, through one exchange-layer gateway (an LGSP),
 * or through two (LGSP → NDXP). The same tests run in each; {@link SandboxClients#configFor}
 * builds the configuration, routes and gateway credentials included.
 *
 * <p>Chosen for a whole run with the system property {@value #PROPERTY} ({@code direct},
 * {@code gateway}, {@code gateway-chain}); {@code direct} when unset.
 */
public enum SandboxTopology {
    /** The clients address the sandbox itself. */
    DIRECT,
    /** Through one {@link SandboxGateway}, named {@code lgsp}. */
    GATEWAY,
    /** Through an {@code lgsp} gateway chained to an {@code ndxp} gateway in front of the sandbox. */
    GATEWAY_CHAIN;

    /**
     * The system property that chooses the topology of a run. Not under {@code ketnoi.}: the
     * Spring Boot starter reads every {@code ketnoi.*} property as a setting, and refuses one it
     * does not know.
     */
    public static final String PROPERTY = "sandbox.topology";

    /**
     * {@return the topology the system property {@value #PROPERTY} names, {@link #DIRECT} when unset}
     *
     * @throws IllegalArgumentException when the property names no topology
     */
    public static SandboxTopology current() {
        String v = System.getProperty(PROPERTY, "direct").trim();
        for (SandboxTopology t : values()) {
            if (t.wireName().equals(v.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " must be direct, gateway or gateway-chain");
    }

    /** {@return the name in the system property: {@code direct}, {@code gateway} or {@code gateway-chain}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The gateways of one sandbox, started once and closed with it; agency-facing first. */
    static final class Gateways implements AutoCloseable {
        final List<SandboxGateway> chain;
        final String secret;

        private Gateways(List<SandboxGateway> chain, String secret) {
            this.chain = chain;
            this.secret = secret;
        }

        static Gateways start(KetnoiSandbox sandbox, SandboxTopology topology) {
            return start(sandbox, topology, 0, 0);
        }

        static Gateways start(KetnoiSandbox sandbox, SandboxTopology topology, int lgspPort, int ndxpPort) {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            List<SandboxGateway> chain = new ArrayList<>();
            try {
                SandboxGateway.Builder lgsp = SandboxGateway.builder().name("lgsp").pathPrefix("/lgsp/r1")
                        .port(lgspPort);
                if (topology == GATEWAY_CHAIN) {
                    SandboxGateway ndxp = SandboxGateway.builder().name("ndxp").pathPrefix("/ndxp/v1").port(ndxpPort)
                            .inFrontOf(sandbox).application("lgsp", secret, "VN:GOV:LGSP").start();
                    chain.add(ndxp);
                    lgsp.chainTo(ndxp, "lgsp");
                } else {
                    lgsp.inFrontOf(sandbox);
                }
                for (SandboxAgency a : sandbox.agencies()) {
                    lgsp.application(applicationKey(a), secret, a.id());
                }
                chain.add(0, lgsp.start());
                return new Gateways(List.copyOf(chain), secret);
            } catch (RuntimeException e) {
                chain.forEach(SandboxGateway::close);
                throw e;
            }
        }

        /** The key of the agency's application at the LGSP. */
        static String applicationKey(SandboxAgency agency) {
            return "app-" + agency.id().replaceAll("[^A-Za-z0-9.-]", "-");
        }

        SandboxGateway first() {
            return chain.get(0);
        }

        @Override
        public void close() {
            chain.forEach(SandboxGateway::close);
        }
    }
}
