package vn.ketnoi.testkit.internal;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import vn.ketnoi.testkit.SyntheticAddress;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.SyntheticHousehold;
import vn.ketnoi.testkit.SyntheticIdCard;
import vn.ketnoi.testkit.SyntheticRelative;

/**
 * Builds the synthetic register from a seed. Everything visible is drawn from one
 * {@link SplittableRandom} in a fixed order over plain arrays, so the same seed yields the
 * same population in every JVM. Hash sets are used only for membership tests.
 */
public final class PopulationGenerator {

    /** Births are drawn up to this day, so no birth date is ever in the future. */
    static final LocalDate LAST_DAY = LocalDate.of(2025, 12, 31);
    private static final LocalDate REORGANISATION = LocalDate.of(2025, 7, 1);
    private static final int FIRST_YEAR = 1930;
    private static final int LAST_YEAR = 2025;

    private static final String[] SURNAMES = {
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý",
    };
    // Rough shares of the surnames in per mille, so Nguyễn dominates as in life.
    private static final int[] SURNAME_WEIGHTS = {380, 110, 95, 70, 51, 50, 45, 40, 40, 21, 20, 14, 13, 13, 10, 5};
    private static final String[] MALE_MIDDLE = {
        "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Gia", "Hoàng", "Ngọc", "Trọng",
    };
    private static final String[] FEMALE_MIDDLE = {
        "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Thùy", "Kim", "Mai", "Phương", "Hồng", "Bảo",
    };
    private static final String[] MALE_GIVEN = {
        "An", "Bình", "Dũng", "Giang", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Quân", "Sơn",
        "Tuấn", "Việt", "Huy", "Khoa", "Phúc", "Thắng", "Trung", "Đạt", "Đức", "Hiếu", "Hoàng", "Kiên",
        "Lâm", "Phong", "Tài", "Thành", "Vinh", "Cường",
    };
    private static final String[] FEMALE_GIVEN = {
        "An", "Châu", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Khánh", "Lan", "Linh", "Mai", "Ngọc",
        "Phương", "Thảo", "Trang", "Yến", "Anh", "Dung", "Hằng", "Huyền", "Loan", "Nga", "Nhung",
        "Oanh", "Quỳnh", "Thủy", "Trâm", "Vy", "Xuân", "Đào",
    };
    private static final String[] COMMUNES = {
        "Tân Định", "An Phú", "Hòa Bình", "Phú Lợi", "Tân Lập", "Quang Trung", "Thống Nhất", "Hòa Khánh",
        "Đông Hòa", "Minh Khai", "Yên Hòa", "Nghĩa Đô", "Bình An", "Tân Phong", "Phước Long",
        "Thanh Xuân", "Định Công", "Hưng Lợi", "An Khánh", "Tân Hiệp", "Vĩnh Phú", "Long Hưng",
        "Đồng Tâm", "Hiệp Hòa", "Xuân Phương", "Cẩm Lệ", "Mỹ An", "Đại Phúc",
    };
    private static final String[] DISTRICTS = {
        "Ba Đình", "Đống Đa", "Cầu Giấy", "Hoàn Kiếm", "Thanh Trì", "Đông Anh", "Gia Lâm", "Bình Thạnh",
        "Gò Vấp", "Tân Bình", "Củ Chi", "Hòa Vang", "Ninh Kiều", "Thủ Đức", "Long Thành", "Đức Trọng",
        "Yên Thành", "Diễn Châu", "Hải Hậu", "Triệu Phong",
    };
    private static final String[] STREETS = {
        "Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
        "Hùng Vương", "Phan Chu Trinh", "Điện Biên Phủ", "Nguyễn Trãi", "Lê Duẩn", "Bà Triệu",
    };
    private static final String[] ETHNICITIES = {
        "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "H'Mông", "Dao", "Gia Rai", "Ê Đê",
    };
    private static final int[] ETHNICITY_WEIGHTS = {860, 22, 20, 15, 15, 10, 11, 15, 9, 5, 4};
    private static final String[] RELIGIONS = {
        "Không", "Phật giáo", "Công giáo", "Cao Đài", "Phật giáo Hòa Hảo", "Tin Lành",
    };
    private static final int[] RELIGION_WEIGHTS = {750, 120, 80, 20, 20, 10};
    private static final String[] BLOOD_GROUPS = {"O+", "A+", "B+", "AB+", "O-", "A-", "O", "A", "B", "AB"};
    private static final int[] BLOOD_WEIGHTS = {300, 190, 190, 50, 10, 10, 20, 15, 15, 5};

    /** ASCII forms of every name word, for e-mail addresses; computed once, used for look-ups only. */
    private static final Map<String, String> ASCII_WORDS = new HashMap<>();

    static {
        for (String[] words : new String[][] {SURNAMES, MALE_MIDDLE, FEMALE_MIDDLE, MALE_GIVEN, FEMALE_GIVEN,
                COMMUNES, DISTRICTS, STREETS, ETHNICITIES, RELIGIONS}) {
            for (int i = 0; i < words.length; i++) {
                // The literals are meant to be NFC already; normalising once here makes sure.
                words[i] = nfc(words[i]);
                ASCII_WORDS.put(words[i], Texts.foldName(words[i]));
            }
        }
    }

    private final SplittableRandom rnd;
    private final String[] provinces = Provinces.codes();
    private final Set<String> usedIds = new HashSet<>();
    private final Set<String> usedOldIds = new HashSet<>();

    /** The demo citizen every population starts with, so that docs and samples can name one. */
    public static final String DEMO_ID_NUMBER = "001089012345";
    public static final String DEMO_FULL_NAME = nfc("Nguyễn Văn An");
    public static final LocalDate DEMO_BIRTH_DATE = LocalDate.of(1989, 5, 12);

    private PopulationGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
        usedIds.add(DEMO_ID_NUMBER);
    }

    /** The generated register: citizens (household by household) and households. */
    public record Result(List<SyntheticCitizen> citizens, List<SyntheticHousehold> households) {
    }

    /** Generates {@code size} citizens from the seed. */
    public static Result generate(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("populationSize must be at least 1");
        }
        return new PopulationGenerator(seed).run(size);
    }

    /** A member while the household is being assembled; turned into a record at the end. */
    private static final class Person {
        String id;
        String surname;
        String middle;
        String given;
        String fullName;
        boolean female;
        int year;
        LocalDate birthDay;
        String birthDate;
        String relation;
        String provinceOfBirth;
        String originProvince;
        Person father;
        Person mother;
        Person spouse;
        String deathDate;
    }

    private Result run(int size) {
        List<SyntheticCitizen> citizens = new ArrayList<>(size);
        List<SyntheticHousehold> households = new ArrayList<>();
        int index = 0;
        while (citizens.size() < size) {
            index++;
            int target = Math.min(householdSize(), size - citizens.size());
            households.add(household(index, target, citizens));
        }
        return new Result(List.copyOf(citizens), List.copyOf(households));
    }

    private int householdSize() {
        int r = rnd.nextInt(100);
        return r < 15 ? 1 : r < 35 ? 2 : r < 57 ? 3 : r < 79 ? 4 : r < 92 ? 5 : 6;
    }

    private SyntheticHousehold household(int index, int target, List<SyntheticCitizen> out) {
        String province = pick(provinces);
        String householdId = province + pad(index, 7);
        boolean urban = rnd.nextInt(100) < 45;
        boolean oldForm = rnd.nextInt(100) < 55;
        SyntheticAddress home = address(province, urban, oldForm, true);
        String ethnicity = pickWeighted(ETHNICITIES, ETHNICITY_WEIGHTS);
        String religion = pickWeighted(RELIGIONS, RELIGION_WEIGHTS);

        List<Person> members = new ArrayList<>(target);
        Person head = new Person();
        head.female = rnd.nextInt(100) < 30;
        head.year = between(1940, 2000);
        boolean demo = index == 1;
        if (demo) {
            head.female = false;
            head.year = DEMO_BIRTH_DATE.getYear();
        }
        head.surname = surname();
        head.relation = "Chủ hộ";
        head.originProvince = rnd.nextInt(100) < 70 ? province : pick(provinces);
        members.add(head);

        Person husband = head.female ? null : head;
        Person wife = head.female ? head : null;
        if (members.size() < target && rnd.nextInt(100) < 85) {
            Person s = new Person();
            s.female = !head.female;
            s.year = clamp(head.year + between(-6, 6), FIRST_YEAR, 2003);
            s.surname = surname();
            s.relation = s.female ? "Vợ" : "Chồng";
            s.originProvince = rnd.nextInt(100) < 60 ? province : pick(provinces);
            s.spouse = head;
            head.spouse = s;
            members.add(s);
            if (s.female) {
                wife = s;
            } else {
                husband = s;
            }
        }
        if (members.size() < target && target >= 4 && rnd.nextInt(100) < 30 && head.year - 40 >= FIRST_YEAR) {
            Person p = new Person();
            p.female = rnd.nextBoolean();
            p.year = head.year - between(20, 38);
            p.surname = p.female ? surname() : head.surname;
            p.relation = p.female ? "Mẹ" : "Bố";
            p.originProvince = head.originProvince;
            if (p.female) {
                head.mother = p;
            } else {
                head.father = p;
            }
            members.add(p);
        }
        Person father = husband;
        Person mother = wife;
        int youngestParent = Math.max(father == null ? 0 : father.year, mother == null ? 0 : mother.year);
        Person lastChild = null;
        int children = 0;
        while (members.size() < target) {
            Person c = new Person();
            c.female = rnd.nextBoolean();
            boolean grandchild = lastChild != null && children >= 2 && lastChild.year + 20 <= LAST_YEAR
                    && rnd.nextInt(100) < 60;
            if (grandchild) {
                c.year = Math.min(LAST_YEAR, lastChild.year + between(20, 34));
                c.relation = "Cháu";
                c.surname = lastChild.female ? surname() : lastChild.surname;
                c.originProvince = lastChild.originProvince;
                if (lastChild.female) {
                    c.mother = lastChild;
                } else {
                    c.father = lastChild;
                }
            } else {
                c.year = Math.min(LAST_YEAR, youngestParent + between(20, 40));
                c.relation = "Con";
                c.surname = father != null ? father.surname : head.surname;
                c.father = father;
                c.mother = mother;
                c.originProvince = father != null ? father.originProvince : head.originProvince;
                lastChild = c;
                children++;
            }
            members.add(c);
        }

        for (Person p : members) {
            p.middle = pick(p.female ? FEMALE_MIDDLE : MALE_MIDDLE);
            p.given = pick(p.female ? FEMALE_GIVEN : MALE_GIVEN);
            p.fullName = p.surname + " " + p.middle + " " + p.given;
            p.birthDay = dayIn(p.year);
            p.birthDate = partialBirthDate(p);
            p.provinceOfBirth = rnd.nextInt(100) < 75 ? province : pick(provinces);
            p.id = idNumber(p);
            p.deathDate = deathDate(p);
        }
        if (demo) {
            // Drawn like everyone else (so the random stream is unchanged), then fixed.
            head.surname = "Nguyễn";
            head.middle = "Văn";
            head.given = "An";
            head.fullName = DEMO_FULL_NAME;
            head.birthDay = DEMO_BIRTH_DATE;
            head.birthDate = DEMO_BIRTH_DATE.toString();
            head.provinceOfBirth = "001";
            head.id = DEMO_ID_NUMBER;
            head.deathDate = null;
            for (Person p : members) {
                // Descendants through the male line carry the fixed surname too (members are in
                // creation order, so a father is always fixed before his children).
                if (p != head && p.father != null && members.contains(p.father)) {
                    p.surname = p.father.surname;
                    p.fullName = p.surname + " " + p.middle + " " + p.given;
                }
            }
        }

        List<String> memberIds = new ArrayList<>(members.size());
        for (Person p : members) {
            memberIds.add(p.id);
            out.add(record(p, head, householdId, home, ethnicity, religion));
        }
        return new SyntheticHousehold(householdId, head.id, memberIds);
    }

    private SyntheticCitizen record(Person p, Person head, String householdId, SyntheticAddress home,
            String ethnicity, String religion) {
        boolean adult = LAST_YEAR - p.year >= 18;
        boolean alive = p.deathDate == null;
        SyntheticAddress birthPlace = address(p.provinceOfBirth, rnd.nextBoolean(),
                p.birthDay.isBefore(REORGANISATION), false);
        SyntheticAddress temporary = adult && alive && rnd.nextInt(100) < 10
                ? address(pick(provinces), true, false, true) : null;
        SyntheticCitizen.Builder b = SyntheticCitizen.builder()
                .idNumber(p.id)
                .fullName(p.fullName)
                .birthDate(p.birthDate)
                .sex(p.female ? "FEMALE" : "MALE")
                .placeOfBirth(birthPlace)
                .birthRegistrationPlace(birthPlace)
                .placeOfOrigin(address(p.originProvince, false, true, false))
                .ethnicity(rnd.nextInt(100) < 90 ? ethnicity : pickWeighted(ETHNICITIES, ETHNICITY_WEIGHTS))
                .religion(religion)
                .nationality("VN")
                .permanentResidence(home)
                .temporaryResidence(temporary)
                .currentResidence(temporary != null ? temporary : home)
                .householdId(householdId)
                .headIdNumber(head.id)
                .relationshipToHead(p.relation)
                .deathDate(p.deathDate);
        if (rnd.nextInt(100) < 75) {
            b.bloodGroup(pickWeighted(BLOOD_GROUPS, BLOOD_WEIGHTS));
        }
        if (rnd.nextInt(100) < 1) {
            b.otherNames(List.of(p.surname + " " + pick(p.female ? FEMALE_GIVEN : MALE_GIVEN)));
        }
        if (p.year < 2005 && rnd.nextInt(100) < 70) {
            b.oldIdNumber(oldIdNumber());
        }
        if (alive && LAST_YEAR - p.year >= 14) {
            b.idCard(idCard(p));
        }
        if (p.father != null) {
            b.father(new SyntheticRelative(p.father.fullName, p.father.id, "VN"));
        }
        if (p.mother != null) {
            b.mother(new SyntheticRelative(p.mother.fullName, p.mother.id, "VN"));
        }
        if (p.spouse != null) {
            b.spouse(new SyntheticRelative(p.spouse.fullName, p.spouse.id, "VN"));
        }
        if (!adult) {
            Person rep = p.father != null ? p.father : p.mother;
            if (rep != null) {
                b.legalRepresentative(new SyntheticRelative(rep.fullName, rep.id, "VN"));
            }
        }
        if (alive && LAST_YEAR - p.year >= 16 && rnd.nextInt(100) < 85) {
            b.phone("0" + "35789".charAt(rnd.nextInt(5)) + digits(8));
            if (rnd.nextInt(100) < 45) {
                b.email(ASCII_WORDS.get(p.given) + "." + ASCII_WORDS.get(p.surname) + digits(2) + "@example.com");
            }
        }
        return b.build();
    }

    private String partialBirthDate(Person p) {
        // Partial dates are mostly a legacy of old paper records, so older people get more.
        int chance = p.year < 1980 ? 55 : 5;
        if (rnd.nextInt(1000) < chance) {
            return rnd.nextInt(100) < 60 ? Integer.toString(p.year)
                    : p.year + "-" + pad(p.birthDay.getMonthValue(), 2);
        }
        return p.birthDay.toString();
    }

    private String deathDate(Person p) {
        int chance = p.year < 1950 ? 110 : p.year < 1970 ? 20 : 3;
        if (p.year >= LAST_YEAR || rnd.nextInt(1000) >= chance) {
            return null;
        }
        int from = Math.max(p.year + 1, Math.min(p.year + 40, LAST_YEAR));
        int year = between(from, LAST_YEAR);
        LocalDate d = dayIn(year);
        return rnd.nextInt(100) < 5 ? Integer.toString(year) : d.toString();
    }

    private String idNumber(Person p) {
        int century = p.year < 2000 ? 0 : 2;
        String prefix = p.provinceOfBirth + (century + (p.female ? 1 : 0)) + pad(p.year % 100, 2);
        while (true) {
            String id = prefix + digits(6);
            if (usedIds.add(id)) {
                return id;
            }
        }
    }

    private String oldIdNumber() {
        while (true) {
            String id = rnd.nextInt(4) + digits(8);
            if (usedOldIds.add(id)) {
                return id;
            }
        }
    }

    private SyntheticIdCard idCard(Person p) {
        LocalDate fourteenth = p.birthDay.plusYears(14);
        LocalDate from = fourteenth.isAfter(LocalDate.of(2016, 1, 1)) ? fourteenth : LocalDate.of(2016, 1, 1);
        LocalDate to = LocalDate.of(2025, 6, 30);
        if (from.isAfter(to)) {
            from = to;
        }
        LocalDate issue = from.plusDays(rnd.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 1));
        int ageAtIssue = issue.getYear() - p.year;
        // Cards are renewed at 25, 40 and 60; one issued within two years of a milestone
        // runs to the next one, and one issued from 58 on is valid for life.
        String expiry = null;
        for (int milestone : new int[] {25, 40, 60}) {
            if (ageAtIssue < milestone - 2) {
                expiry = p.birthDay.plusYears(milestone).toString();
                break;
            }
        }
        return new SyntheticIdCard(p.id, issue.toString(), expiry);
    }

    private SyntheticAddress address(String code, boolean urban, boolean oldForm, boolean withStreet) {
        String commune = (urban ? "Phường " : "Xã ") + pick(COMMUNES);
        String street = !withStreet ? null
                : urban ? "Số " + between(1, 300) + " " + pick(STREETS)
                : (rnd.nextBoolean() ? "Thôn " : "Xóm ") + between(1, 15);
        String province = oldForm ? Provinces.oldName(code) : Provinces.newName(code);
        String district = oldForm ? (urban ? "Quận " : "Huyện ") + pick(DISTRICTS) : null;
        StringBuilder text = new StringBuilder();
        if (street != null) {
            text.append(street).append(", ");
        }
        text.append(commune).append(", ");
        if (district != null) {
            text.append(district).append(", ");
        }
        text.append(province);
        return new SyntheticAddress(text.toString(), commune, district, province);
    }

    private LocalDate dayIn(int year) {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = year == LAST_DAY.getYear() ? LAST_DAY : LocalDate.of(year, 12, 31);
        return first.plusDays(rnd.nextInt((int) (last.toEpochDay() - first.toEpochDay()) + 1));
    }

    private String surname() {
        return pickWeighted(SURNAMES, SURNAME_WEIGHTS);
    }

    private String digits(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) ('0' + rnd.nextInt(10));
        }
        return new String(c);
    }

    private int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private String pick(String[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private String pickWeighted(String[] values, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = rnd.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    private static String nfc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }
}
