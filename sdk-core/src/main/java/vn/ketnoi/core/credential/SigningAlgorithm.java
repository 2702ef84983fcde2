package vn.ketnoi.core.credential;

/** The JWS algorithms the protocol allows for agency and provider signatures. */
public enum SigningAlgorithm {
    /** ECDSA on P-256 with SHA-256: the default, small and fast. */
    ES256,
    /** RSASSA-PSS with SHA-256, for agencies whose keys are RSA (2048 bits or more). */
    PS256
}
