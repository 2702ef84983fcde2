package vn.ketnoi.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.credential.AgencyCredentials;

/**
 * JUnit 5 extension that hands tests a running sandbox and clients configured for it.
 *
 * <pre>{@code
 * @ExtendWith(KetnoiSandboxExtension.class)
 * class MyTest {
 *     @Test
 *     void lookup(KetnoiSandbox sandbox, PopulationClient population) { ... }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves: {@link KetnoiSandbox} (one per test class, started before the first
 * test that asks for it and stopped after the class), {@link ClientConfig} (the sandbox's default
 * agency), a {@link KetnoiRuntime} of it (closed after the test), and any Ketnoi client, built for the test the way an application builds it and closed
 * after it: {@code XxxClient.builder(config)}, then what the sandbox can supply for the options a
 * client takes ({@link #CONTEXT} as its default {@code context}, the default agency's
 * document-signing key as {@code signingKey}, the wallet's trust anchors as {@code trustAnchors}),
 * then {@code build()}. So {@code PopulationClient}, {@code EdocumentsClient} and
 * {@code VneidAuthClient} (and the verifiers built the same way) can all be parameters.
 *
 * <p>With the system property {@value SandboxTopology#PROPERTY} set to {@code gateway} or
 * {@code gateway-chain}, the sandbox is started with one gateway (or a chain of two) in front of
 * it, and the configuration and clients it hands out go through them
 * ({@link SandboxClients#configFor(KetnoiSandbox)}): the same tests then show that the SDK works
 * through the exchange layer.
 */
// CloseableResource is deprecated from JUnit 5.13 on, but users may run older Jupiter versions,
// where only CloseableResource values are closed with the store: keep it until 5.13 is the floor.
@SuppressWarnings("deprecation")
public final class KetnoiSandboxExtension implements ParameterResolver {
    /** The operator id of the clients it builds: a sandbox official. */
    public static final String OPERATOR_ID = "VN012345678";
    /** The default context of the clients it builds: {@link Purpose#PUBLIC_SERVICE} by {@value #OPERATOR_ID}. */
    public static final RequestContext CONTEXT = RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR_ID);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KetnoiSandboxExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        return type == KetnoiSandbox.class || type == ClientConfig.class || type == KetnoiRuntime.class
                || builderOf(type) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        Class<?> type = p.getParameter().getType();
        KetnoiSandbox sandbox = sandbox(context);
        if (type == KetnoiSandbox.class) {
            return sandbox;
        }
        ClientConfig config = SandboxClients.configFor(sandbox);
        if (type == ClientConfig.class) {
            return config;
        }
        Object client = type == KetnoiRuntime.class ? KetnoiRuntime.create(config) : build(type, sandbox, config);
        if (client instanceof AutoCloseable closeable) {
            // Closed when the test method (or class, for constructor parameters) ends.
            context.getStore(NS).put(new Object(), (ExtensionContext.Store.CloseableResource) closeable::close);
        }
        return client;
    }

    /**
     * {@code type.builder(config)}, the options the sandbox supplies where the builder has them,
     * {@code build()}. By reflection: the test kit cannot depend on the service modules, which
     * depend on it for their tests.
     */
    private static Object build(Class<?> type, KetnoiSandbox sandbox, ClientConfig config) {
        Method builderOf = builderOf(type);
        try {
            Object builder = builderOf.invoke(null, config);
            Class<?> b = builder.getClass();
            Method context = option(b, "context", RequestContext.class);
            if (context != null) {
                context.invoke(builder, CONTEXT);
            }
            Method trustAnchors = option(b, "trustAnchors", List.class);
            if (trustAnchors != null) {
                trustAnchors.invoke(builder, sandbox.wallet().trustAnchors());
            }
            for (Method m : b.getMethods()) {
                // signingKey(DocumentSigningKey): the key type makes itself from credentials with of(...).
                if (m.getName().equals("signingKey") && m.getParameterCount() == 1) {
                    Method of = m.getParameterTypes()[0].getMethod("of", AgencyCredentials.class);
                    m.invoke(builder, of.invoke(null, sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency())));
                }
            }
            return b.getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            throw new ParameterResolutionException("cannot build " + type.getName() + " for the sandbox: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("cannot build " + type.getName() + " for the sandbox", e);
        }
    }

    private static Method option(Class<?> builder, String name, Class<?> parameter) {
        try {
            return builder.getMethod(name, parameter);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static KetnoiSandbox sandbox(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        return classContext.getStore(NS).getOrComputeIfAbsent("sandbox", k -> new StartedSandbox(), StartedSandbox.class)
                .sandbox;
    }

    /** {@code public static builder(ClientConfig)} whose builder's {@code build()} makes {@code type}; or null. */
    private static Method builderOf(Class<?> type) {
        if (!type.getName().startsWith("vn.ketnoi.")) {
            return null;
        }
        try {
            Method m = type.getMethod("builder", ClientConfig.class);
            if (!Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            Method build = m.getReturnType().getMethod("build");
            return type.isAssignableFrom(build.getReturnType()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Stops the sandbox when JUnit closes the store. */
    private static final class StartedSandbox implements ExtensionContext.Store.CloseableResource {
        final KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start();

        StartedSandbox() {
            // Once per sandbox, before the first test: the gateways of the run's topology (closed with it).
            sandbox.gateways(SandboxTopology.current());
        }

        @Override
        public void close() {
            sandbox.close();
        }
    }
}
