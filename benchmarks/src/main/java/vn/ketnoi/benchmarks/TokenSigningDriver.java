package vn.ketnoi.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.Pkcs11Settings;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.testkit.SoftHsm;

/**
 * Request signatures per second through the SDK's own signer (the one every request and client
 * assertion goes through), for a key in a SoftHSM2 token and for the same kind of key in memory,
 * with 1 to N threads sharing one credentials object as a client's callers do. The SDK adds no
 * pool or lock of its own: each signature takes a session from SunPKCS11's session pool, and the
 * token serialises what it cannot do in parallel; this shows how far threads help.
 *
 * <pre>
 * SOFTHSM2_CONF=benchmarks/target/softhsm2/softhsm2.conf \
 *   java -cp benchmarks.jar vn.ketnoi.benchmarks.TokenSigningDriver [--threads 1,2,4,16] [--seconds 5]
 * </pre>
 */
public final class TokenSigningDriver {
    private TokenSigningDriver() {
    }

    public static void main(String[] args) throws Exception {
        int[] threads = {1, 2, 4, 16};
        int seconds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (!SoftHsm.installed()) {
            System.err.println(SoftHsm.notInstalledMessage());
            System.exit(2);
        }
        SoftHsm hsm = SoftHsm.shared();
        hsm.generateKey(SoftHsm.TOKEN, "bench-ec", "EC", 256, null);
        hsm.generateKey(SoftHsm.TOKEN, "bench-rsa", "RSA", 2048, null);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        List<Object[]> keys = new ArrayList<>();
        keys.add(new Object[] {"ES256 in memory (Bouncy Castle)", AgencyCredentials.of("mem", g.generateKeyPair().getPrivate(), List.of())});
        for (String alias : List.of("bench-ec", "bench-rsa")) {
            keys.add(new Object[] {(alias.endsWith("ec") ? "ES256" : "PS256 RSA 2048") + " in SoftHSM2 (SunPKCS11)",
                    AgencyCredentials.fromPkcs11(Pkcs11Settings.builder().library(hsm.library())
                            .slot(hsm.slot(SoftHsm.TOKEN)).pin(hsm.userPin()).keyAlias(alias).build())});
        }
        System.out.printf("cores: %d; %d s per measurement after 2 s of warm-up%n", Runtime.getRuntime().availableProcessors(), seconds);
        System.out.printf("%-36s %8s %14s%n", "key", "threads", "signatures/s");
        for (Object[] k : keys) {
            AgencyCredentials c = (AgencyCredentials) k[1];
            JWSSigner signer = Jose.signer(c);
            for (int t : threads) {
                run(signer, c, t, 2);
                double rate = run(signer, c, t, seconds);
                System.out.printf("%-36s %8d %14.0f%n", k[0], t, rate);
            }
        }
    }

    private static double run(JWSSigner signer, AgencyCredentials c, int threads, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        JWSHeader header = new JWSHeader(Jose.jwsAlgorithm(c.algorithm()));
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                byte[] body = "{\"idNumber\":\"000000000000\",\"fields\":[\"sex\"]}".getBytes(StandardCharsets.UTF_8);
                while (!stop.get()) {
                    try {
                        new JWSObject(header, new Payload(body)).sign(signer);
                        count.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                done.countDown();
            });
            th.setDaemon(true);
            th.start();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " signatures failed");
        }
        return count.get() / elapsed;
    }
}
