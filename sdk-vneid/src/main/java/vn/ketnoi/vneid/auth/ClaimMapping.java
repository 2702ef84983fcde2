package vn.ketnoi.vneid.auth;

/**
 * Which claim names carry the citizen's identity. Chosen in {@link VneidAuthConfig}; the provider's
 * variant decides which one applies.
 */
public enum ClaimMapping {
    /**
     * The direct VNeID names: {@code citizenPid}, {@code fullName}, {@code birthDate}
     * ({@code yyyy-MM-dd}, {@code yyyy-MM} or {@code yyyy}) and {@code accountLevel}.
     */
    VNEID("citizenPid", "fullName", "birthDate", "accountLevel"),
    /**
     * The national public-service portal's names: {@code SoDinhDanh}, {@code HoVaTen},
     * {@code NgayThangNamSinh} ({@code yyyyMMdd}, or {@code yyyyMM} / {@code yyyy} when partial) and
     * {@code LoaiTaiKhoan}.
     */
    NATIONAL_PORTAL("SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "LoaiTaiKhoan");

    private final String idNumberClaim;
    private final String fullNameClaim;
    private final String birthDateClaim;
    private final String accountLevelClaim;

    ClaimMapping(String idNumberClaim, String fullNameClaim, String birthDateClaim, String accountLevelClaim) {
        this.idNumberClaim = idNumberClaim;
        this.fullNameClaim = fullNameClaim;
        this.birthDateClaim = birthDateClaim;
        this.accountLevelClaim = accountLevelClaim;
    }

    /** {@return the claim holding the 12-digit personal ID number} */
    public String idNumberClaim() {
        return idNumberClaim;
    }

    /** {@return the claim holding the full name} */
    public String fullNameClaim() {
        return fullNameClaim;
    }

    /** {@return the claim holding the birth date} */
    public String birthDateClaim() {
        return birthDateClaim;
    }

    /** {@return the claim holding the account's level} */
    public String accountLevelClaim() {
        return accountLevelClaim;
    }
}
