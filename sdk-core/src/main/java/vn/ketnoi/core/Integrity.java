package vn.ketnoi.core;

/**
 * What protected an answer between the provider and the agency: the guarantee a caller holds
 * about a result, and the one an audit event records ({@code docs/wire-profiles.md}).
 */
public enum Integrity {
    /**
     * The provider signed the answer and bound it to the request the agency signed
     * ({@code docs/protocol.md} section 5): no gateway on the way could alter or forge it
     * undetected, and the signed answer proves what the provider said.
     */
    END_TO_END_SIGNED,

    /**
     * Only the connections protected the answer (TLS to the gateway, and whatever the gateway
     * uses onward): whoever terminates TLS on the way, a gateway included, could alter or forge
     * the answer undetectably, and nothing proves afterwards what the provider said.
     */
    TRANSPORT_ONLY
}
