package vn.ketnoi.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a sandbox as a standalone process, for trying a client by hand:
 *
 * <pre>
 * java -cp ... vn.ketnoi.testkit.SandboxMain [--port 8787] [--write-credentials DIR]
 *     [--fault-seed N] [--fault PREFIX=KIND[:N][@RATE]]...
 * </pre>
 *
 * <p>{@code --fault} injects a fault into the paths starting with {@code PREFIX}, for example
 * {@code --fault /population/=status:503@0.3} or {@code --fault /.well-known/jwks.json=status:503}
 * (see {@link SandboxFault#parse(String)}); faults can also be changed while it runs, from
 * loopback, at {@code /_sandbox/faults} (see {@link SandboxFaults}).
 *
 * <p>It prints the base URL, the default agency's id and key id and a few masked sample
 * citizens, optionally writes the default agency's key and certificate to
 * {@code DIR/<agency>.p12} with a freshly generated password, and runs until killed.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code --port N}, {@code --write-credentials DIR}, {@code --fault-seed N},
     *             {@code --fault PREFIX=SPEC}
     * @throws Exception when the sandbox cannot start or the credentials cannot be written
     */
    public static void main(String[] args) throws Exception {
        int port = KetnoiSandbox.DEFAULT_MAIN_PORT;
        Path credentials = null;
        Long faultSeed = null;
        List<String[]> faults = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = Integer.parseInt(value(args, ++i, "--port"));
                    break;
                case "--write-credentials":
                    credentials = Path.of(value(args, ++i, "--write-credentials"));
                    break;
                case "--fault-seed":
                    faultSeed = Long.parseLong(value(args, ++i, "--fault-seed"));
                    break;
                case "--fault":
                    String spec = value(args, ++i, "--fault");
                    int eq = spec.indexOf('=');
                    if (eq <= 0) {
                        System.err.println("--fault takes PREFIX=KIND[:N][@RATE]");
                        System.exit(2);
                    }
                    faults.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
                    break;
                default:
                    System.err.println("usage: SandboxMain [--port N] [--write-credentials DIR] [--fault-seed N]"
                            + " [--fault PREFIX=KIND[:N][@RATE]]...");
                    System.exit(2);
                    return;
            }
        }
        KetnoiSandbox sandbox = KetnoiSandbox.builder().port(port).build().start();
        if (faultSeed != null) {
            sandbox.faults().seed(faultSeed);
        }
        for (String[] f : faults) {
            sandbox.faults().add(f[0], SandboxFault.parse(f[1]));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "ketnoi-sandbox-shutdown"));
        SandboxAgency agency = sandbox.defaultAgency();
        System.out.println("Ketnoi sandbox listening on " + sandbox.baseUri());
        System.out.println("  token endpoint : " + sandbox.tokenEndpoint());
        System.out.println("  JWKS           : " + sandbox.jwksUri());
        System.out.println("  agency id      : " + agency.id());
        if (!faults.isEmpty()) {
            System.out.println("  faults         : " + sandbox.faults().active());
        }
        System.out.println("  key id         : " + agency.keyId() + " (" + agency.algorithm() + ")");
        if (credentials != null) {
            writeCredentials(agency, credentials);
        }
        System.out.println("  sample citizens (masked; the full records are in the sandbox's population):");
        SandboxPopulation population = sandbox.population();
        for (SyntheticCitizen c : List.of(population.anyLiving(), population.withPartialBirthDate(),
                population.deceased())) {
            System.out.println("    " + c);
        }
        new CountDownLatch(1).await();
    }

    private static void writeCredentials(SandboxAgency agency, Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] raw = new byte[12];
        new SecureRandom().nextBytes(raw);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
        Path file = dir.resolve(agency.id().replaceAll("[^A-Za-z0-9.]", "_") + ".p12");
        agency.writePkcs12(file, password);
        System.out.println("  credentials    : " + file.toAbsolutePath() + " (PKCS#12, alias " + agency.keyId() + ")");
        // A throw-away password for a throw-away key that lives only as long as this process.
        System.out.println("  password       : " + new String(password));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
