package vn.ketnoi.examples.vneid;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.vneid.auth.VneidAuthClient;

/** Runs the example web app against an in-process sandbox until the JVM is stopped. */
public final class VneidExampleMain {
    private VneidExampleMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start();
        VneidAuthClient vneid = VneidAuthClient.create(SandboxClients.configFor(sandbox));
        VneidExampleApp app = VneidExampleApp.start(vneid, 0);
        out.println("Example app:          " + app.baseUri());
        out.println("Sandbox VNeID app:    " + sandbox.vneid().cibaControlPage() + " (approve counter sign-ins)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            vneid.close();
            sandbox.close();
        }));
        new CountDownLatch(1).await();
    }
}
